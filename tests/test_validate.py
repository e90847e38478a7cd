"""kg.validate and `kg validate`: the hand-made graph conforms to ontology/shapes.ttl, and
broken events are reported by node, property and the shape's message."""

from __future__ import annotations

from click.testing import CliRunner
from rdflib import RDF, Literal

from kg.cli import cli
from kg.validate import ValidationReport, ValidationResult, format_report, validate
from kg.vocab import KG


def test_small_graph_conforms(small_graph):
    report = validate(small_graph)
    assert report.conforms
    assert report.results == []
    assert format_report(report) == "conforms\n"


def test_event_without_source_sentence(small_graph, small_iris):
    small_graph.remove((small_iris["summit"], KG.sourceSentence, None))
    report = validate(small_graph)
    assert not report.conforms
    assert report.results == [
        ValidationResult(
            focus="kgr:event/c51aa4f0f2373301",
            path="kg:sourceSentence",
            message="An event has at least one kg:sourceSentence, a kg:Sentence",
            severity="Violation",
            constraint="MinCount",
        )
    ]
    assert format_report(report) == (
        "kgr:event/c51aa4f0f2373301 kg:sourceSentence: An event has at least one "
        "kg:sourceSentence, a kg:Sentence [MinCount]\n"
        "1 violation\n"
    )


def test_several_broken_nodes_are_sorted_and_name_the_value(small_graph, small_iris):
    # two event classes on one event, and a Place as the agent of another
    small_graph.add((small_iris["threat"], RDF.type, KG.Attack))
    small_graph.add((small_iris["aid"], KG.agent, small_iris["brussels"]))
    small_graph.remove((small_iris["aid"], KG.trigger, None))
    small_graph.add((small_iris["aid"], KG.trigger, Literal("援助")))  # no @zh tag
    report = validate(small_graph)
    lines = format_report(report).splitlines()
    assert lines[-1] == f"{len(report.results)} violations"
    focus = sorted({r.focus for r in report.results})
    assert focus == sorted(
        ["kgr:event/593674448ce5ec40", "kgr:event/7d7609a7f95132e5"]
    )  # aid, threat
    assert (
        "kgr:event/593674448ce5ec40 kg:agent: The kg:agent of an event is a kg:Person, "
        "kg:Organization or kg:Country (value: kgr:entity/brussels) [Or]"
    ) in lines
    assert any(
        line.startswith(
            "kgr:event/593674448ce5ec40 kg:trigger: An event has exactly one "
            'kg:trigger, a Chinese string tagged @zh (value: "援助")'
        )
        for line in lines
    )
    assert any(
        line.startswith(
            "kgr:event/7d7609a7f95132e5 rdf:type: An event has exactly one of the "
            "eleven event classes"
        )
        for line in lines
    )
    assert lines[:-1] == sorted(lines[:-1])


def test_format_report_marks_warnings():
    report = ValidationReport(
        conforms=True,
        results=[ValidationResult("kgr:entity/x", "rdfs:label", "label missing", "Warning", "")],
    )
    assert format_report(report) == (
        "warning: kgr:entity/x rdfs:label: label missing\nconforms, with 1 warning or note\n"
    )


def test_cli_validate(small_graph, small_graph_file, small_iris, tmp_path):
    r = CliRunner().invoke(cli, ["validate", str(small_graph_file)])
    assert (r.exit_code, r.stdout, r.stderr) == (0, "conforms\n", "")
    small_graph.remove((small_iris["threat"], KG.sourceSentence, None))
    broken = tmp_path / "broken.ttl"
    small_graph.serialize(broken, format="turtle", encoding="utf-8")
    r = CliRunner().invoke(cli, ["validate", str(broken)])
    assert r.exit_code == 1
    assert r.stdout == (
        "kgr:event/7d7609a7f95132e5 kg:sourceSentence: An event has at least one "
        "kg:sourceSentence, a kg:Sentence [MinCount]\n"
        "1 violation\n"
    )
    r = CliRunner().invoke(cli, ["validate", str(tmp_path / "nothing.nt")])
    assert r.exit_code == 1
    assert r.stderr == f"Error: {tmp_path / 'nothing.nt'}: no such file or folder; check the path\n"
