// How an edit reads in a deadline's history.
import { describe, expect, it } from "vitest";
import { describeChange } from "../src/lib/history";

describe("an edit in the history", () => {
  it("names the field with the value it had and the one it took", () => {
    expect(describeChange({ field: "owner", before: "Ana", after: "Bo" })).toBe("owner: “Ana” → “Bo”");
    expect(describeChange({ field: "source_url", before: null, after: "https://eur-lex.europa.eu/" })).toBe(
      "source url: (none) → “https://eur-lex.europa.eu/”",
    );
    expect(describeChange({ field: "owner", before: "Ana", after: null })).toBe("owner: “Ana” → (none)");
  });

  it("cuts a long value to one line of 80 characters", () => {
    const long = `${"word ".repeat(40)}\nsecond line`;
    const text = describeChange({ field: "description", before: null, after: long });
    const after = text.split(" → ")[1] ?? "";
    expect(after.length).toBe(82);
    expect(after.endsWith("…”")).toBe(true);
    expect(text).not.toContain("\n");
  });
});
