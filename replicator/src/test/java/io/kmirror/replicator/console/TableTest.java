package io.kmirror.replicator.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The plain-text table the demo's verdict, failover's plan and the drill's report print. */
class TableTest {

  @Test
  void textColumnsAlignLeftNumberColumnsRightAndNoLineEndsInBlanks() {
    // Given a text column, a right-aligned number column and a trailing text column
    Table table = new Table("group", ">offset", "note").row("billing", 7, "").row("a", 1234, "ok");

    // When it is printed indented, then columns are two spaces apart and lines are stripped
    assertThat(table.lines("  "))
        .containsExactly("  group    offset  note", "  billing       7", "  a          1234  ok");
  }

  @Test
  void aRowWithTheWrongNumberOfCellsIsRefused() {
    Table table = new Table("a", "b");

    assertThatThrownBy(() -> table.row("only one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row has 1 cells, table has 2 columns");
  }
}
