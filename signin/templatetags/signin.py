from django import template

from signin.selectors import has_two_factor

register = template.Library()


@register.inclusion_tag("signin/partials/security_card.html", takes_context=True)
def security_card(context):
    """Two-factor sign-in offered on a profile page."""
    return {"enabled": has_two_factor(context["request"].user)}
