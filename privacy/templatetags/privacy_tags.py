from django import template

register = template.Library()


@register.filter
def item(mapping: dict, key: str):
    return mapping.get(key)


@register.filter
def is_list(value) -> bool:
    return isinstance(value, list)
