"""The README's GraphQL examples, read so that tests can run them as written."""

import re
from pathlib import Path

from graphql import OperationDefinitionNode, parse, print_ast

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
# The person id the examples write ("Person:..." in base64), replaced by a real one.
PLACEHOLDER = "UGVyc29uOi4uLg=="


def examples(heading: str) -> list[str]:
    """The ```graphql blocks of the `### heading` section."""
    section = README.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"```graphql\n(.*?)```", section, flags=re.DOTALL)


def operations(example: str) -> list[str]:
    nodes = parse(example).definitions
    return [print_ast(node) for node in nodes if isinstance(node, OperationDefinitionNode)]
