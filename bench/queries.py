"""The GraphQL documents every target answers; Kizuna and the baselines share them."""

from kizuna.cli import VIEWER_QUERY

HELLO_QUERY = "{ hello }"
PAGE_SIZE = 100
# The alumni list screen: one page of 100 with what the list shows of each person.
PAGE_QUERY = (
    f"{{ alumni(first: {PAGE_SIZE}) {{ edges {{ node {{ id name nameKana "
    "departments { name } alumniProfile { currentCompany skills tags } "
    "employments { hireDate leaveDate title department { name } } } } } }"
)

__all__ = ["HELLO_QUERY", "PAGE_QUERY", "PAGE_SIZE", "VIEWER_QUERY"]
