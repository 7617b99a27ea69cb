@if
@each
@end
{
}
@bol
@cols x
