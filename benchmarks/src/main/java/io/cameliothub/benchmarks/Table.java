package io.cameliothub.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results, one row per figure, each beside its baseline and their ratio; printed as Markdown.
 */
final class Table {

    private record Row(String figure, String ours, String baselineName, String baseline, String ratio) {
    }

    private final List<Row> rows = new ArrayList<>();

    void add(String figure, double ours, String baselineName, double baseline, String unit, boolean higherIsBetter) {
        String ratio = Double.isNaN(ours) || Double.isNaN(baseline) || baseline == 0 ? "n/a"
                : String.format(Locale.ROOT, "%.2fx%s", ours / baseline, higherIsBetter ? "" : " (lower is better)");
        rows.add(new Row(figure, format(ours, unit), baselineName, format(baseline, unit), ratio));
    }

    void note(String figure, String text) {
        rows.add(new Row(figure, text, "", "", ""));
    }

    private static String format(double value, String unit) {
        if (Double.isNaN(value)) {
            return "failed";
        }
        return (value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value))
               + " " + unit;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("| figure | camel-iothub | baseline | baseline value | ratio |\n");
        out.append("|---|---:|---|---:|---:|\n");
        for (Row r : rows) {
            out.append("| ").append(r.figure).append(" | ").append(r.ours).append(" | ").append(r.baselineName)
                    .append(" | ").append(r.baseline).append(" | ").append(r.ratio).append(" |\n");
        }
        return out.toString();
    }
}
