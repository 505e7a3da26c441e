package io.cameliothub.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Markdown table with fixed columns; also formats a figure beside its baseline and their ratio.
 */
final class Table {

    private final String title;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String title, String... header) {
        this.title = title;
        this.header = List.of(header);
    }

    void row(String... cells) {
        rows.add(List.of(cells));
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** A figure beside a baseline: figure, ours, baseline name, baseline value, ratio (5 columns). */
    void compare(String figure, double ours, String baselineName, double baseline, String unit, boolean higherIsBetter) {
        row(figure, format(ours, unit), baselineName, format(baseline, unit), ratio(ours, baseline, higherIsBetter));
    }

    static String ratio(double ours, double baseline, boolean higherIsBetter) {
        return Double.isNaN(ours) || Double.isNaN(baseline) || baseline == 0 ? "n/a"
                : String.format(Locale.ROOT, "%.2fx%s", ours / baseline, higherIsBetter ? "" : " (lower is better)");
    }

    static String format(double value, String unit) {
        if (Double.isNaN(value)) {
            return "failed";
        }
        return (Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value)) + " " + unit;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("\n### ").append(title).append("\n\n");
        out.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.size(); i++) {
            out.append(i == 0 ? "---|" : "---:|");
        }
        out.append('\n');
        for (List<String> r : rows) {
            out.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        return out.toString();
    }
}
