package dev.sluice.engine.flink.assist;

import java.util.EnumSet;
import org.apache.flink.configuration.description.Formatter;
import org.apache.flink.configuration.description.TextElement;

/**
 * Renders a {@link org.apache.flink.configuration.description.Description} as plain text, for an
 * editor's hover: Flink ships only an HTML formatter.
 */
final class PlainTextFormatter extends Formatter {
  @Override
  protected void formatLink(StringBuilder state, String link, String description) {
    state.append(description.isEmpty() ? link : description + " (" + link + ")");
  }

  @Override
  protected void formatLineBreak(StringBuilder state) {
    state.append('\n');
  }

  @Override
  protected void formatText(
      StringBuilder state,
      String format,
      String[] elements,
      EnumSet<TextElement.TextStyle> styles) {
    state.append(String.format(format, (Object[]) elements));
  }

  @Override
  protected void formatList(StringBuilder state, String[] entries) {
    for (String entry : entries) {
      state.append("\n- ").append(entry);
    }
  }

  @Override
  protected Formatter newInstance() {
    return new PlainTextFormatter();
  }
}
