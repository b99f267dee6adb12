"""Read a SCORM ``imsmanifest.xml`` into plain, frozen data. No Django here.

A manifest describes one content package: its *organisations* (trees of items a
learner moves through) and its *resources* (the files an item launches). This module
recognises the SCORM version, applies ``xml:base`` to every path, works out each
item's launch URL (resource href + ``xml:base`` chain + the item's parameters) and
keeps the SCORM 2004 sequencing rules as data for the runtime to interpret later.

Anything a learner could not be given (an item launching a resource that does not
exist, a file outside the package, an unknown schema version) raises
``ManifestError`` with one sentence an L&D editor can act on.
"""

from __future__ import annotations

import enum
import posixpath
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

MANIFEST_NAME = "imsmanifest.xml"

_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


class ManifestError(ValueError):
    """The manifest cannot be used; the message says why, in one sentence."""


class ScormVersion(enum.StrEnum):
    SCORM_12 = "1.2"
    SCORM_2004_2 = "2004 2nd Edition"
    SCORM_2004_3 = "2004 3rd Edition"
    SCORM_2004_4 = "2004 4th Edition"

    @property
    def is_2004(self) -> bool:
        return self is not ScormVersion.SCORM_12


# <schemaversion> texts, lower-cased with single spaces. "CAM 1.3" is what 2nd
# Edition packages write.
_SCHEMA_VERSIONS = {
    "1.2": ScormVersion.SCORM_12,
    "cam 1.3": ScormVersion.SCORM_2004_2,
    "2004 2nd edition": ScormVersion.SCORM_2004_2,
    "2004 3rd edition": ScormVersion.SCORM_2004_3,
    "2004 4th edition": ScormVersion.SCORM_2004_4,
}
RECOGNISED_VERSIONS = "1.2, 2004 2nd Edition (CAM 1.3), 2004 3rd or 4th Edition"


class ScormType(enum.StrEnum):
    SCO = "sco"  # talks to the runtime API: reports status, score, bookmarks
    ASSET = "asset"  # plain content: launched, counted as seen


@dataclass(frozen=True)
class CompletionThreshold:
    """SCORM 2004 ``adlcp:completionThreshold``: completion judged by progress."""

    completed_by_measure: bool
    min_progress_measure: float
    progress_weight: float


@dataclass(frozen=True)
class Resource:
    identifier: str
    type: str
    scorm_type: ScormType
    #: The launch href with every ``xml:base`` applied (a URL, relative to the
    #: package root unless the resource is external); None for file bundles.
    href: str | None
    #: Package-relative paths of the files the resource lists (decoded, normalised).
    files: tuple[str, ...]
    dependencies: tuple[str, ...]

    @property
    def is_external(self) -> bool:
        return bool(self.href and _SCHEME.match(self.href))


@dataclass(frozen=True)
class Item:
    identifier: str
    title: str
    identifierref: str | None
    parameters: str
    is_visible: bool
    #: The URL to launch (href + parameters), relative to the package root; "" for
    #: an item that only groups others.
    launch_url: str
    scorm_type: ScormType | None
    #: SCORM 1.2 ``adlcp:masteryscore`` (0-100).
    mastery_score: float | None = None
    completion_threshold: CompletionThreshold | None = None
    #: ``adlcp:dataFromLMS`` (2004) / ``adlcp:datafromlms`` (1.2): cmi.launch_data.
    data_from_lms: str = ""
    time_limit_action: str = ""
    max_time_allowed: str = ""
    #: SCORM 1.2 ``adlcp:prerequisites`` as written (an AICC script expression).
    prerequisites: str = ""
    #: Navigation controls the package asks the player to hide (``adlnav``).
    hide_lms_ui: tuple[str, ...] = ()
    #: ``imsss:sequencing`` kept as data: {"tag", "attributes", "text", "children"}.
    sequencing: dict | None = field(default=None, hash=False)
    children: tuple[Item, ...] = ()

    @property
    def is_launchable(self) -> bool:
        return bool(self.launch_url)

    def walk(self) -> Iterator[Item]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Organization:
    identifier: str
    title: str
    items: tuple[Item, ...]
    sequencing: dict | None = field(default=None, hash=False)

    def walk(self) -> Iterator[Item]:
        for item in self.items:
            yield from item.walk()


@dataclass(frozen=True)
class Manifest:
    identifier: str
    version: ScormVersion
    default_org: str
    organizations: tuple[Organization, ...]
    resources: tuple[Resource, ...]
    #: SCORM 2004 ``imsss:sequencingCollection``: shared rule sets by ID, which an
    #: item's sequencing names with its ``IDRef`` attribute.
    sequencing_collection: dict[str, dict] = field(default_factory=dict, hash=False)

    @property
    def default_organization(self) -> Organization:
        for organization in self.organizations:
            if organization.identifier == self.default_org:
                return organization
        raise LookupError(self.default_org)  # parse() guarantees it exists

    def resource(self, identifier: str) -> Resource | None:
        for resource in self.resources:
            if resource.identifier == identifier:
                return resource
        return None

    def launchable_items(self, organization: Organization | None = None) -> list[Item]:
        """The items a learner can open, in the order the organisation lists them."""
        organization = organization or self.default_organization
        return [item for item in organization.walk() if item.is_launchable]

    def sco_count(self, organization: Organization | None = None) -> int:
        return sum(
            1
            for item in self.launchable_items(organization)
            if item.scorm_type is ScormType.SCO
        )

    def referenced_files(self) -> set[str]:
        """Every package-relative path the resources need: launch files and lists."""
        paths: set[str] = set()
        for resource in self.resources:
            paths.update(resource.files)
            if resource.href and not resource.is_external:
                paths.add(package_path(resource.href, resource.identifier))
        return paths

    def to_dict(self) -> dict:
        """Plain JSON-able data (for storage beside the package)."""
        return asdict(self)


# --- parsing ---------------------------------------------------------------------


def parse(data: bytes) -> Manifest:
    """Parse the bytes of ``imsmanifest.xml``; raise ``ManifestError`` if unusable."""
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True)
    except ParseError as exc:
        raise ManifestError(
            f"{MANIFEST_NAME} is not well-formed XML ({exc})."
        ) from None
    except DefusedXmlException as exc:
        raise ManifestError(
            f"{MANIFEST_NAME} declares XML entities or external references, which "
            f"are not allowed ({type(exc).__name__})."
        ) from None
    if _local(root.tag) != "manifest":
        raise ManifestError(
            f"{MANIFEST_NAME} starts with <{_local(root.tag)}>, not <manifest>."
        )
    return _Parser(root).manifest()


def package_path(href: str, owner: str) -> str:
    """The file inside the package that a (based) href names, or ``ManifestError``."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    if not path or path.endswith("/"):
        raise ManifestError(f'Resource "{owner}" names a folder, not a file: "{href}".')
    normalised = posixpath.normpath(path)
    if (
        path.startswith("/")
        or normalised == ".."
        or normalised.startswith("../")
        or "\\" in path
    ):
        raise ManifestError(
            f'Resource "{owner}" refers to "{href}", which is outside the package.'
        )
    return normalised


def launch_url(href: str, parameters: str) -> str:
    """The resource href with the item's parameters, as the SCORM CP rules say.

    Leading "?" and "&" are dropped; a "#fragment" is added only when the href has
    none; otherwise the parameters join the href's query (or start one).
    """
    parameters = parameters.strip().lstrip("?&")
    if not parameters:
        return href
    if parameters.startswith("#"):
        return href if "#" in href else href + parameters
    return f"{href}{'&' if '?' in href else '?'}{parameters}"


def join(base: str, href: str) -> str:
    """``href`` resolved against an ``xml:base``, keeping any ".." that leaves the
    package visible (``urljoin`` would silently drop it)."""
    if not base or _SCHEME.match(href) or href.startswith("/"):
        return href
    if _SCHEME.match(base):
        return urljoin(base, href)
    directory = base if base.endswith("/") else base.rpartition("/")[0] + "/"
    if directory == "/":
        directory = ""
    path, mark, rest = _split_path(directory + href)
    normalised = posixpath.normpath(path)
    if normalised == ".." or normalised.startswith("../"):
        return directory + href
    if path.endswith("/"):  # a base for the next level down stays a folder
        normalised += "/"
    return normalised + mark + rest


def _split_path(url: str) -> tuple[str, str, str]:
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=-1)
    return (url, "", "") if cut < 0 else (url[:cut], url[cut], url[cut + 1 :])


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _attr(element: Element, name: str, family: str = "") -> str | None:
    """An attribute by local name, case-insensitively; ``family`` picks a namespace
    containing that word ("adlcp"): SCORM 1.2 and 2004 spell some names
    differently (``scormtype`` / ``scormType``) and use different namespaces."""
    wanted = name.lower()
    for key, value in element.attrib.items():
        if _local(key).lower() != wanted:
            continue
        if family and family not in _namespace(key).lower():
            continue
        return value
    return None


def raw(element: Element) -> dict:
    """An element as plain data: tag, attributes, text and children."""
    data: dict = {"tag": _local(element.tag)}
    if element.attrib:
        data["attributes"] = {_local(k): v for k, v in element.attrib.items()}
    text = (element.text or "").strip()
    if text:
        data["text"] = text
    children = [raw(child) for child in element if isinstance(child.tag, str)]
    if children:
        data["children"] = children
    return data


def _number(text: str, what: str, low: float, high: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ManifestError(f'{what} is "{text}", not a number.') from None
    if not low <= value <= high:
        raise ManifestError(
            f"{what} is {text}; it must be between {low:g} and {high:g}."
        )
    return value


class _Parser:
    def __init__(self, root: Element) -> None:
        self.root = root
        self.cp = _namespace(root.tag)

    # Elements of the content-packaging namespace (the root's) by local name.
    def _cp_children(self, element: Element, name: str) -> list[Element]:
        return [
            child
            for child in element
            if isinstance(child.tag, str)
            and _local(child.tag) == name
            and _namespace(child.tag) == self.cp
        ]

    def _cp_child(self, element: Element, name: str) -> Element | None:
        found = self._cp_children(element, name)
        return found[0] if found else None

    def _ext_child(self, element: Element, family: str, name: str) -> Element | None:
        for child in element:
            if (
                isinstance(child.tag, str)
                and _local(child.tag).lower() == name.lower()
                and family in _namespace(child.tag).lower()
            ):
                return child
        return None

    def _title(self, element: Element, fallback: str) -> str:
        title = self._cp_child(element, "title")
        text = " ".join((title.text or "").split()) if title is not None else ""
        return text or fallback

    # --- version -----------------------------------------------------------------

    def version(self) -> ScormVersion:
        metadata = self._cp_child(self.root, "metadata")
        schemaversion = (
            self._cp_child(metadata, "schemaversion") if metadata is not None else None
        )
        if schemaversion is not None:
            text = " ".join((schemaversion.text or "").split())
            version = _SCHEMA_VERSIONS.get(text.lower())
            if version is None:
                raise ManifestError(
                    f'Unrecognised SCORM schema version "{text}": the academy '
                    f"plays SCORM {RECOGNISED_VERSIONS}."
                )
            return version
        # No <schemaversion>: the namespaces say which generation wrote it.
        namespaces = {_namespace(el.tag) for el in self.root.iter()} | {
            _namespace(key) for el in self.root.iter() for key in el.attrib
        }
        if "http://www.adlnet.org/xsd/adlcp_rootv1p2" in namespaces:
            return ScormVersion.SCORM_12
        if any("adlcp_v1p3" in ns or "imsss" in ns for ns in namespaces):
            # 2nd, 3rd and 4th Edition share these namespaces; 3rd Edition's rules
            # are the ones both neighbours are compatible with.
            return ScormVersion.SCORM_2004_3
        raise ManifestError(
            "The manifest does not say which SCORM version it follows: it has no "
            "<schemaversion> and no SCORM (adlcp) namespace. Is it a SCORM package?"
        )

    # --- resources ---------------------------------------------------------------

    def resources(self) -> tuple[Resource, ...]:
        manifest_base = self.root.get(_XML_BASE, "")
        container = self._cp_child(self.root, "resources")
        if container is None:
            raise ManifestError("The manifest has no <resources> section.")
        resources_base = join(manifest_base, container.get(_XML_BASE, ""))
        found: list[Resource] = []
        seen: set[str] = set()
        for element in self._cp_children(container, "resource"):
            found.append(self._resource(element, resources_base, seen))
        by_id = {resource.identifier: resource for resource in found}
        for resource in found:
            if resource.href and not resource.is_external:
                package_path(resource.href, resource.identifier)
            for dependency in resource.dependencies:
                if dependency not in by_id:
                    raise ManifestError(
                        f'Resource "{resource.identifier}" depends on "{dependency}", '
                        "which the manifest does not define."
                    )
        return tuple(found)

    # --- organisations -----------------------------------------------------------

    def _resource(self, element, resources_base: str, seen: set[str]) -> Resource:
        """One <resource>, its xml:base applied and its files checked."""
        identifier = (element.get("identifier") or "").strip()
        if not identifier:
            raise ManifestError("A <resource> has no identifier.")
        if identifier in seen:
            raise ManifestError(f'Two resources have the identifier "{identifier}".')
        seen.add(identifier)
        base = join(resources_base, element.get(_XML_BASE, ""))
        scorm_type = (_attr(element, "scormtype", "adlcp") or "").strip().lower()
        if scorm_type not in (ScormType.SCO, ScormType.ASSET):
            raise ManifestError(
                f'Resource "{identifier}" has SCORM type "{scorm_type or "(none)"}"'
                '; it must be "sco" or "asset".'
            )
        href = (element.get("href") or "").strip()
        files = []
        for file in self._cp_children(element, "file"):
            file_href = (file.get("href") or "").strip()
            if not file_href:
                raise ManifestError(
                    f'Resource "{identifier}" lists a file with no href.'
                )
            based = join(base, file_href)
            if not _SCHEME.match(based):
                files.append(package_path(based, identifier))
        return Resource(
            identifier=identifier,
            type=element.get("type", ""),
            scorm_type=ScormType(scorm_type),
            href=(
                href
                if href and _SCHEME.match(href)
                else (join(base, href) if href else None)
            ),
            files=tuple(dict.fromkeys(files)),
            dependencies=tuple(
                (dependency.get("identifierref") or "").strip()
                for dependency in self._cp_children(element, "dependency")
            ),
        )

    def item(
        self,
        element: Element,
        resources: dict[str, Resource],
        seen: set[str],
    ) -> Item:
        identifier = (element.get("identifier") or "").strip()
        if not identifier:
            raise ManifestError("An <item> has no identifier.")
        if identifier in seen:
            raise ManifestError(f'Two items have the identifier "{identifier}".')
        seen.add(identifier)
        title = self._title(element, identifier)
        children = tuple(
            self.item(child, resources, seen)
            for child in self._cp_children(element, "item")
        )
        identifierref = (element.get("identifierref") or "").strip() or None
        parameters = element.get("parameters") or ""
        resource = None
        if identifierref is not None:
            resource = resources.get(identifierref)
            if resource is None:
                raise ManifestError(
                    f'Item "{title}" ({identifier}) launches resource '
                    f'"{identifierref}", which the manifest does not define.'
                )
            if not resource.href:
                raise ManifestError(
                    f'Item "{title}" ({identifier}) launches resource '
                    f'"{identifierref}", which has no href to launch.'
                )
            if children:
                raise ManifestError(
                    f'Item "{title}" ({identifier}) both launches a resource and '
                    "holds other items; SCORM allows only one of the two."
                )
        elif not children:
            raise ManifestError(
                f'Item "{title}" ({identifier}) neither launches a resource nor holds '
                "other items."
            )
        return Item(
            identifier=identifier,
            title=title,
            identifierref=identifierref,
            parameters=parameters,
            is_visible=(element.get("isvisible") or "true").strip().lower() != "false",
            launch_url=launch_url(resource.href, parameters) if resource else "",
            scorm_type=resource.scorm_type if resource else None,
            mastery_score=self._mastery_score(element, identifier),
            completion_threshold=self._completion_threshold(element, identifier),
            data_from_lms=self._adlcp_text(element, "dataFromLMS"),
            time_limit_action=self._adlcp_text(element, "timeLimitAction"),
            max_time_allowed=self._adlcp_text(element, "maxTimeAllowed"),
            prerequisites=self._adlcp_text(element, "prerequisites"),
            hide_lms_ui=self._hide_lms_ui(element),
            sequencing=self._sequencing(element),
            children=children,
        )

    def _adlcp_text(self, element: Element, name: str) -> str:
        child = self._ext_child(element, "adlcp", name)
        return (child.text or "").strip() if child is not None else ""

    def _mastery_score(self, element: Element, identifier: str) -> float | None:
        text = self._adlcp_text(element, "masteryscore")
        if not text:
            return None
        return _number(text, f'The mastery score of item "{identifier}"', 0, 100)

    def _completion_threshold(
        self, element: Element, identifier: str
    ) -> CompletionThreshold | None:
        child = self._ext_child(element, "adlcp", "completionThreshold")
        if child is None:
            return None
        what = f'The completion threshold of item "{identifier}"'
        text = (child.text or "").strip()
        if text:  # 3rd Edition: the threshold is the element's value
            return CompletionThreshold(
                completed_by_measure=True,
                min_progress_measure=_number(text, what, 0, 1),
                progress_weight=1.0,
            )
        return CompletionThreshold(
            completed_by_measure=(child.get("completedByMeasure") or "false")
            .strip()
            .lower()
            == "true",
            min_progress_measure=_number(
                child.get("minProgressMeasure") or "1.0", what, 0, 1
            ),
            progress_weight=_number(
                child.get("progressWeight") or "1.0",
                f'The progress weight of item "{identifier}"',
                0,
                1,
            ),
        )

    def _hide_lms_ui(self, element: Element) -> tuple[str, ...]:
        presentation = self._ext_child(element, "adlnav", "presentation")
        if presentation is None:
            return ()
        interface = self._ext_child(presentation, "adlnav", "navigationInterface")
        if interface is None:
            return ()
        return tuple(
            (child.text or "").strip()
            for child in interface
            if isinstance(child.tag, str) and _local(child.tag) == "hideLMSUI"
        )

    def _sequencing(self, element: Element) -> dict | None:
        child = self._ext_child(element, "imsss", "sequencing")
        return raw(child) if child is not None else None

    def organizations(
        self, resources: tuple[Resource, ...]
    ) -> tuple[str, tuple[Organization, ...]]:
        container = self._cp_child(self.root, "organizations")
        elements = self._cp_children(container, "organization") if container else []
        if not elements:
            raise ManifestError(
                "The manifest has no <organization>: there is nothing to launch."
            )
        by_id = {resource.identifier: resource for resource in resources}
        seen: set[str] = set()
        organizations = []
        for element in elements:
            identifier = (element.get("identifier") or "").strip()
            if not identifier:
                raise ManifestError("An <organization> has no identifier.")
            if identifier in seen:
                raise ManifestError(
                    f'Two organisations have the identifier "{identifier}".'
                )
            seen.add(identifier)
            items = tuple(
                self.item(child, by_id, seen)
                for child in self._cp_children(element, "item")
            )
            if not items:
                raise ManifestError(f'Organisation "{identifier}" has no items.')
            organizations.append(
                Organization(
                    identifier=identifier,
                    title=self._title(element, identifier),
                    items=items,
                    sequencing=self._sequencing(element),
                )
            )
        default = (container.get("default") or "").strip()
        if not default:
            default = organizations[0].identifier
        elif default not in {o.identifier for o in organizations}:
            raise ManifestError(
                f'The default organisation "{default}" is not one of the manifest\'s '
                "organisations."
            )
        return default, tuple(organizations)

    def sequencing_collection(self) -> dict[str, dict]:
        collection = self._ext_child(self.root, "imsss", "sequencingCollection")
        if collection is None:
            return {}
        return {
            child.get("ID", ""): raw(child)
            for child in collection
            if isinstance(child.tag, str) and child.get("ID")
        }

    def manifest(self) -> Manifest:
        if self._cp_children(self.root, "manifest"):
            raise ManifestError(
                "The manifest contains sub-manifests (a <manifest> inside the "
                "manifest); package each course as its own zip instead."
            )
        version = self.version()
        resources = self.resources()
        default_org, organizations = self.organizations(resources)
        manifest = Manifest(
            identifier=(self.root.get("identifier") or "").strip(),
            version=version,
            default_org=default_org,
            organizations=organizations,
            resources=resources,
            sequencing_collection=self.sequencing_collection(),
        )
        if not manifest.launchable_items():
            raise ManifestError(
                f'The default organisation "{default_org}" launches nothing.'
            )
        return manifest
