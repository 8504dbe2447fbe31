package dev.sluice.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A definition's window as a typed {@link WindowSpec}, checking its durations. */
final class Windows {
  private Windows() {}

  /** The window, or null with its problems noted. */
  static WindowSpec resolve(MetricGroup.Window w, String p, Problems problems) {
    String type = w.type() == null ? "" : w.type().toLowerCase(Locale.ROOT);
    List<String> unused = new ArrayList<>();
    WindowSpec spec;
    switch (type) {
      case "tumble" -> {
        long size = Durations.seconds(w.size());
        if (!problems.check(size > 0, p + ".size", "a duration such as 1min")) {
          return null;
        }
        spec = new WindowSpec.Tumble(size);
        unusedIfSet(unused, "slide", w.slide());
        unusedIfSet(unused, "step", w.step());
        unusedIfSet(unused, "gap", w.gap());
      }
      case "hop", "cumulate" -> {
        boolean hop = type.equals("hop");
        String what = hop ? "slide" : "step";
        long size = Durations.seconds(w.size());
        long slide = Durations.seconds(hop ? w.slide() : w.step());
        boolean ok = problems.check(size > 0, p + ".size", "a duration such as 10min");
        ok &= problems.check(slide > 0, p + "." + what, "a duration such as 1min");
        if (!ok) {
          return null;
        }
        if (!problems.check(
            size % slide == 0 && slide <= size,
            p + "." + what,
            "must divide the size (" + Durations.text(size) + ")")) {
          return null;
        }
        spec = hop ? new WindowSpec.Hop(size, slide) : new WindowSpec.Cumulate(size, slide);
        unusedIfSet(unused, hop ? "step" : "slide", hop ? w.step() : w.slide());
        unusedIfSet(unused, "gap", w.gap());
      }
      case "session" -> {
        long gap = Durations.seconds(w.gap());
        if (!problems.check(gap > 0, p + ".gap", "a duration such as 30min")) {
          return null;
        }
        spec = new WindowSpec.Session(gap);
        unusedIfSet(unused, "size", w.size());
        unusedIfSet(unused, "slide", w.slide());
        unusedIfSet(unused, "step", w.step());
      }
      case "unbounded" -> {
        spec = new WindowSpec.Unbounded();
        unusedIfSet(unused, "size", w.size());
        unusedIfSet(unused, "slide", w.slide());
        unusedIfSet(unused, "step", w.step());
        unusedIfSet(unused, "gap", w.gap());
      }
      default -> {
        problems.add(p + ".type", "tumble, hop, cumulate, session or unbounded");
        return null;
      }
    }
    for (String u : unused) {
      problems.add(p + "." + u, "not used by a " + type + " window");
    }
    return spec;
  }

  private static void unusedIfSet(List<String> unused, String field, String value) {
    if (value != null) {
      unused.add(field);
    }
  }
}
