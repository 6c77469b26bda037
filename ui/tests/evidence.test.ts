// How evidence reads in the window: the short hash, the size in words, the
// notice once attached, and telling a refusal that asks for evidence.
import { describe, expect, it } from "vitest";
import { asksForEvidence, attachedNotice, shortHash, sizeInWords } from "../src/lib/evidence";
import type { ErrorReport, Evidence } from "../src/lib/types.gen";

const SHA = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

const file: Evidence = {
  id: "01J", deadline_id: "Q1", clock_id: null, clock_step: null, kind: "file", name: "minutes.pdf", sha256: SHA, size: 48_213,
  media_type: "application/pdf", url: null, effective: null, note: "", added_at: "2026-12-01T07:00:00Z", added_by: "ana",
};
const link: Evidence = { ...file, kind: "link", name: "Board portal", sha256: null, size: null, media_type: null, url: "https://board.example.org/" };

describe("the short hash", () => {
  it("keeps the first eight hex digits and says the rest is left out", () => {
    expect(shortHash(SHA)).toBe("5891b5b5…");
  });

  it("leaves a hash of eight digits or fewer whole", () => {
    expect(shortHash("5891b5b5")).toBe("5891b5b5");
    expect(shortHash("")).toBe("");
  });
});

describe("a size in words", () => {
  const table: [number, string, string][] = [
    [0, "en-GB", "0 bytes"],
    [1, "en-GB", "1 byte"],
    [999, "en-GB", "999 bytes"],
    [1000, "en-GB", "1 kB"],
    [48_213, "en-GB", "48.2 kB"],
    [245_760, "en-GB", "245.8 kB"],
    [999_999, "en-GB", "1 MB"],
    [3_400_000, "en-GB", "3.4 MB"],
    [7_250_000_000, "en-GB", "7.3 GB"],
    [245_760, "de-DE", "245,8 kB"],
  ];

  it.each(table)("%d bytes read %s as “%s”", (bytes, locale, words) => {
    expect(sizeInWords(bytes, locale)).toBe(words);
  });
});

describe("the notice once attached", () => {
  it("names a file with its short hash", () => {
    expect(attachedNotice(file)).toBe("Attached minutes.pdf (SHA-256 5891b5b5…).");
  });

  it("names a link by its name", () => {
    expect(attachedNotice(link)).toBe("Attached the link “Board portal”.");
  });

  it("names a file without a hash alone", () => {
    expect(attachedNotice({ ...file, sha256: null })).toBe("Attached minutes.pdf.");
  });
});

describe("a refusal that asks for evidence", () => {
  const refusal = (message: string, field: string | null = null): ErrorReport => ({ code: "invalid", message, field, problems: [] });

  it("is the Rust side's sentence for a pack item without evidence", () => {
    expect(
      asksForEvidence(
        refusal("“File the register” needs evidence before it is done: attach a file or a link first (in its details, or `docketctl evidence add t:register FILE`)."),
      ),
    ).toBe(true);
  });

  it("is not any other refusal", () => {
    expect(asksForEvidence(refusal("“News” is to know, not to do: there is nothing to mark done."))).toBe(false);
    expect(asksForEvidence(refusal("A reason is required to waive a deadline.", "reason"))).toBe(false);
  });
});
