"""YAML parsing that remembers the line of every key and list item.

Error messages point at ``file:line``, so the parsed mappings and sequences carry
the (1-based) line numbers PyYAML's marks give for each key and item. Duplicate
keys, which PyYAML would silently overwrite, are reported instead.
"""

from __future__ import annotations

import yaml


class LineDict(dict):
    """A YAML mapping: ``line`` of the mapping, ``key_lines[key]``, ``value_lines``."""

    line: int
    key_lines: dict
    value_lines: dict


class LineList(list):
    """A YAML sequence: ``line`` of the sequence and ``item_lines[index]``."""

    line: int
    item_lines: list[int]


class YamlError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _Loader(yaml.SafeLoader):
    line_offset = 0


def _line(loader: _Loader, node: yaml.Node) -> int:
    return node.start_mark.line + 1 + loader.line_offset


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    value = LineDict()
    value.line = _line(loader, node)
    value.key_lines = {}
    value.value_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool):
            raise YamlError(_line(loader, key_node), "a key must be plain text.")
        if key in value:
            raise YamlError(_line(loader, key_node), f"the key {key!r} appears twice.")
        value[key] = loader.construct_object(value_node, deep=True)
        value.key_lines[key] = _line(loader, key_node)
        value.value_lines[key] = _line(loader, value_node)
    return value


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    value = LineList(loader.construct_object(item, deep=True) for item in node.value)
    value.line = _line(loader, node)
    value.item_lines = [_line(loader, item) for item in node.value]
    return value


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def yaml_parse(text: str, *, line_offset: int = 0) -> object:
    """The document in ``text``; raises :class:`YamlError` with a line number.

    ``line_offset`` is added to every line, for YAML that starts further down a
    file (a Markdown file's front matter).
    """
    loader = _Loader(text)
    loader.line_offset = line_offset
    try:
        return loader.get_single_data()
    except YamlError:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + line_offset if mark else line_offset + 1
        message = error.problem or error.context or "not valid YAML"
        raise YamlError(line, f"not valid YAML: {message}.") from error
    except yaml.YAMLError as error:
        raise YamlError(line_offset + 1, f"not valid YAML: {error}") from error
    finally:
        loader.dispose()
