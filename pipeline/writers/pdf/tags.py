"""Repairs to the tagged PDF that WeasyPrint 70 writes, so that it passes PDF/UA-1 checkers: what
a screen reader reads and in which order, and what prints. Each repair is a pikepdf pass over the
finished PDF and changes no pixel."""

from __future__ import annotations

from typing import Any

import pikepdf


def repair(pdf: pikepdf.Pdf) -> None:
    _artifact_margin_boxes(pdf)
    _markers_in_reading_order(pdf)
    _list_bodies(pdf)
    print_links(pdf)


def print_links(pdf: pikepdf.Pdf) -> None:
    """Set the Print flag on every annotation (PDF/UA-1 7.18.1: what prints and what a reader
    gets must not differ); WeasyPrint 70 writes link annotations with no /F at all."""
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", pikepdf.Array()):
            flags = int(annotation.get("/F", 0))
            annotation.F = (flags | 4) & ~(2 | 32)  # Print on; Hidden and NoView off


def _artifact_margin_boxes(pdf: pikepdf.Pdf) -> None:
    """Mark the running footer (@page margin boxes) as /Artifact /Pagination.

    WeasyPrint 70 tags margin-box text as /Span with structure elements it never links into
    the tree (pdf/tags.py: "could be included in tree as Artifact, but that's only allowed in
    PDF 2.0"); a screen reader should not read "Page 1 of 2" between paragraphs.
    """
    tree = pdf.Root.StructTreeRoot
    reachable: set[tuple[int, int]] = set()
    stack = list(tree.K) if isinstance(tree.K, pikepdf.Array) else [tree.K]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary) and node.objgen not in reachable:
            reachable.add(node.objgen)
            kids = node.get("/K")
            if kids is not None:
                stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
    nums = tree.ParentTree.Nums
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    artifact = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
    for page in pdf.pages:
        index = page.obj.get("/StructParents")
        slots = parents.get(int(index)) if index is not None else None
        if not isinstance(slots, pikepdf.Array):
            continue
        orphans = {i for i, elem in enumerate(slots) if isinstance(elem, pikepdf.Dictionary) and elem.objgen not in reachable}
        if not orphans:
            continue
        ops: list[Any] = []
        for instruction in pikepdf.parse_content_stream(page):
            operands, op = list(instruction.operands), instruction.operator
            if str(op) == "BDC" and isinstance(operands[-1], pikepdf.Dictionary) and int(operands[-1].get("/MCID", -1)) in orphans:
                instruction = pikepdf.ContentStreamInstruction(artifact, op)
            ops.append(instruction)
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
        for i in orphans:
            slots[i] = pikepdf.Object.parse(b"null")


def _kids(node: Any) -> list[Any]:
    kids = node.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])


def _role(node: Any) -> Any:
    return node.get("/S") if isinstance(node, pikepdf.Dictionary) else None


def _list_bodies(pdf: pikepdf.Pdf) -> None:
    """Every list item as L > LI > (Lbl, LBody), a nested list inside its item's LBody.

    WeasyPrint 70 tags an item whose text is a block (a paragraph, then a nested list) as
    LI > (Lbl, P), and puts the nested list beside the item, in the outer L (PDF/UA-1 7.6: LI may
    hold only Lbl and LBody; a screen reader would lose the nesting). The misplaced elements move
    into the item's LBody (made when it has none); their marked content stays where it is."""
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = _kids(node)
        stack.extend(kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != pikepdf.Name.MCR)
        if _role(node) != pikepdf.Name.L:
            continue
        items: list[Any] = []
        for kid in kids:
            if _role(kid) == pikepdf.Name.L and items and _role(items[-1]) == pikepdf.Name.LI:
                _body(pdf, items[-1], [kid])  # a nested list belongs to the item before it
            else:
                items.append(kid)
        for item in items:
            if _role(item) == pikepdf.Name.LI:
                _body(pdf, item, [])
        node.K = pikepdf.Array(items)


def _body(pdf: pikepdf.Pdf, item: Any, more: list[Any]) -> None:
    """Put the item's children other than Lbl and LBody, then `more`, at the end of its LBody."""
    kids = _kids(item)
    loose = [kid for kid in kids if _role(kid) not in (pikepdf.Name.Lbl, pikepdf.Name.LBody)] + more
    if not loose or not all(isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != pikepdf.Name.MCR for kid in loose):
        return  # nothing to move, or marked content of its own (its parent tree entry would need to follow)
    body = next((kid for kid in kids if _role(kid) == pikepdf.Name.LBody), None)
    if body is None:
        body = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.LBody, P=item, K=pikepdf.Array()))
    for kid in loose:
        kid.P = body
    body.K = pikepdf.Array(_kids(body) + loose)
    item.K = pikepdf.Array([kid for kid in kids if _role(kid) == pikepdf.Name.Lbl] + [body])


def page_mcids(pdf: pikepdf.Pdf) -> dict[tuple[int, int], list[tuple[int, bool]]]:
    """Each page's marked content in structure-tree (reading) order: (MCID, in a list label), by page object."""
    found: dict[tuple[int, int], list[tuple[int, bool]]] = {}

    def visit(node: Any, page: Any, in_label: bool) -> None:
        page = node.get("/Pg", page)
        in_label = in_label or node.get("/S") == pikepdf.Name.Lbl
        for kid in _kids(node):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
                found.setdefault(kid.get("/Pg", page).objgen, []).append((int(kid.MCID), in_label))
            elif isinstance(kid, pikepdf.Dictionary):
                visit(kid, page, in_label)
            elif page is not None:
                found.setdefault(page.objgen, []).append((int(kid), in_label))

    visit(pdf.Root.StructTreeRoot, None, False)
    return found


def _markers_in_reading_order(pdf: pikepdf.Pdf) -> None:
    """Paint each list marker just before its item's text, as the tags read.

    WeasyPrint 70 lays out an outside ::marker as an absolutely positioned box, so it paints every
    marker of a page after the page's text: a page of lists reads out of order to a tool that
    follows the content stream (outloud ORD-001). Each marker is a self-contained `q ... BDC ...
    EMC ... Q` run placed by its own text matrix; it moves, with the colour it was painted in, to
    before the marked content that follows it in the tree. Anything else is left where it is."""
    order = page_mcids(pdf)
    for page in pdf.pages:
        tree = order.get(page.obj.objgen, [])
        if not any(is_label for _, is_label in tree):
            continue
        ops = list(pikepdf.parse_content_stream(page))
        runs, states = _marked_runs(ops)
        moves: dict[int, list[Any]] = {}  # index in `ops` -> the runs to paint just before it
        moved: set[int] = set()
        for (mcid, is_label), (after, _) in zip(tree, tree[1:], strict=False):
            if not is_label or mcid not in runs or after not in runs:
                continue
            (start, end, movable), (dest, _, _) = runs[mcid], runs[after]
            if not movable or start < dest or states[start][0] != states[dest][0]:  # in place already, or another transform
                continue
            run = ops[start:end]
            moves.setdefault(dest, []).extend([run[0], *states[start][1], *run[1:]])  # its colour, inside its own q
            moved.update(range(start, end))
        if not moves:
            continue
        out: list[Any] = []
        for i, instruction in enumerate(ops):
            out.extend(moves.get(i, []))
            if i not in moved:
                out.append(instruction)
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))


COLOUR_OPS = {"rg", "g", "k", "cs", "sc", "scn", "gs"}


def _marked_runs(ops: list[Any]) -> tuple[dict[int, tuple[int, int, bool]], list[tuple[tuple[Any, ...], list[Any]]]]:
    """Each MCID's run in `ops` (start, end, whether it is `q.. BDC .. EMC Q..` and may move), for
    marked content opened outside any other and outside text; and at each index, the transform
    (every `cm` in force) and the colour operators in force."""
    runs: dict[int, tuple[int, int, bool]] = {}
    states: list[tuple[tuple[Any, ...], list[Any]]] = []
    saved: list[tuple[tuple[Any, ...], list[Any]]] = []
    ctm: tuple[Any, ...] = ()
    colour: list[Any] = []
    depth, in_text, opened = 0, False, None
    for i, instruction in enumerate(ops):
        states.append((ctm, colour))
        op = str(instruction.operator)
        if op == "q":
            saved.append((ctm, colour))
        elif op == "Q" and saved:
            ctm, colour = saved.pop()
        elif op == "cm":
            ctm = (*ctm, tuple(float(x) for x in instruction.operands))
        elif op in COLOUR_OPS:
            colour = [*(c for c in colour if str(c.operator) != op), instruction]
        elif op in ("BT", "ET"):
            in_text = op == "BT"
        elif op in ("BDC", "BMC"):
            depth += 1
            props = instruction.operands[-1]
            if depth == 1 and not in_text and op == "BDC" and isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                qs = 0
                while i - qs > 0 and str(ops[i - qs - 1].operator) == "q":
                    qs += 1
                opened = (int(props.MCID), i - qs, qs)
        elif op == "EMC":
            depth -= 1
            if depth == 0 and opened:
                mcid, start, qs = opened
                end = i + 1 + qs
                closed = end <= len(ops) and all(str(ops[j].operator) == "Q" for j in range(i + 1, end))
                runs[mcid] = (start, end if closed else i + 1, closed and qs > 0)
                opened = None
    return runs, states
