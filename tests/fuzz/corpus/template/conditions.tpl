@if a && b || !c
{a|money|default:x}
@elif d >= 5
@cols 30%>,*,~^ | {a} | \| | {{x}}
@else
@each lines
@each lines
{index}
@end
@end
@endif
