import { describe, expect, it } from "vitest";
import type { DictionaryColumn } from "../../lib/data/feature-frame";
import type { CategoricalEncoder, EncoderStateBase } from "../../lib/features/encoder";
import { ENCODINGS, ENCODING_DEFINITIONS, encoderForState, encodingDefinition, isEncoding, type Encoding } from "../../lib/features/encodings";
import { frequencyEncoder } from "../../lib/features/frequency-encoder";
import { oneHotEncoder } from "../../lib/features/one-hot-encoder";
import { rareGroupingEncoder } from "../../lib/features/rare-grouping-encoder";
import { targetEncoder } from "../../lib/features/target-encoder";

// 40 rows over 25 categories: c0 has 16 rows, c1 … c24 one row each (more than the one-hot top 10).
const values = [...Array(16).fill("c0"), ...Array.from({ length: 24 }, (_, i) => `c${i + 1}`)];
const dictionary = [...new Set(values)];
const column: DictionaryColumn = { dictionary, codes: Int32Array.from(values, (v) => dictionary.indexOf(v)) };
const rows = Uint32Array.from(values, (_, i) => i);
const target = values.map((_, i) => i % 3 === 0 ? 1 : 0);
const orderIds = values.map((_, i) => 1000 + i);

const withEncoder = ENCODINGS.filter((e) => encodingDefinition(e).encoder !== null);

function fit(encoding: Encoding): EncoderStateBase {
  const { encoder, settings } = encodingDefinition(encoding);
  return encoder!.fit("vendor", column, { trainRows: rows, target, orderIds, options: {}, settings: settings as never }).state;
}

describe("the encodings registry", () => {
  it("lists every defined encoding once, in definition order, the plain features first", () => {
    expect(ENCODINGS).toEqual(Object.keys(ENCODING_DEFINITIONS));
    expect(ENCODINGS[0]).toBe("none");
    expect(ENCODINGS).toEqual(expect.arrayContaining(["none", "frequency", "target", "target-leaky", "onehot", "rare-grouping"]));
  });

  it.each(ENCODINGS)("%s has every field the report, the forms and the runner read", (encoding) => {
    const d = encodingDefinition(encoding);
    expect(d).toBe(ENCODING_DEFINITIONS[encoding]);
    for (const text of [d.label, d.inSentence, d.plain, d.builtOn, d.description]) {
      expect(typeof text).toBe("string");
      expect(text.trim()).toBe(text);
      expect(text.length).toBeGreaterThan(3);
    }
    // A label heads a table cell; the others are read inside sentences.
    expect(d.label[0]).toBe(d.label[0].toUpperCase());
    for (const text of [d.inSentence, d.plain, d.builtOn, d.description]) {
      expect(text[0]).toBe(text[0].toLowerCase());
      expect(text).not.toMatch(/[.]$/);
    }
    // The plain sentence is for readers who do not know the jargon.
    expect(d.plain).not.toMatch(/encod|one-hot|target/i);
    expect(Number.isInteger(d.widthPerColumn) && d.widthPerColumn >= 0).toBe(true);
    expect(d.encoder === null).toBe(d.widthPerColumn === 0);
  });

  it("gives each encoding its own label and in-sentence name (the report tells them apart by these)", () => {
    for (const field of ["label", "inSentence", "plain", "builtOn", "description"] as const) {
      const texts = ENCODINGS.map((e) => encodingDefinition(e)[field]);
      expect(new Set(texts).size).toBe(texts.length);
    }
  });

  it("uses the registered encoders with the settings that tell the two target encodings apart", () => {
    expect(ENCODING_DEFINITIONS.frequency.encoder).toBe(frequencyEncoder);
    expect(ENCODING_DEFINITIONS.onehot.encoder).toBe(oneHotEncoder);
    expect(ENCODING_DEFINITIONS["rare-grouping"].encoder).toBe(rareGroupingEncoder);
    expect(ENCODING_DEFINITIONS.target.encoder).toBe(targetEncoder);
    expect(ENCODING_DEFINITIONS["target-leaky"].encoder).toBe(targetEncoder);
    expect(ENCODING_DEFINITIONS.target.settings).toEqual({ crossFit: true });
    expect(ENCODING_DEFINITIONS["target-leaky"].settings).toEqual({ crossFit: false });
  });

  it.each(withEncoder)("%s: widthPerColumn is the width it adds (exact where it does not depend on the data)", (encoding) => {
    const d = encodingDefinition(encoding);
    const state = fit(encoding);
    const names = (d.encoder as unknown as CategoricalEncoder).featureNames(state);
    // Rare grouping keeps one indicator per common category: its width is an estimate for the runner.
    if (encoding === "rare-grouping") expect(d.widthPerColumn).toBeGreaterThan(1);
    else expect(names).toHaveLength(d.widthPerColumn);
    expect(names.every((n) => n.startsWith("vendor"))).toBe(true);
  });
});

describe("isEncoding", () => {
  it.each(ENCODINGS)("accepts %s", (encoding) => expect(isEncoding(encoding)).toBe(true));
  it.each(["", "Target", "one-hot", "__proto__", "toString", "constructor", "hasOwnProperty", 1, null, undefined, {}])("rejects %o", (value) => {
    expect(isEncoding(value)).toBe(false);
  });
});

describe("encoderForState", () => {
  it.each(withEncoder)("%s: a stored state (through JSON) finds the encoder that wrote it", (encoding) => {
    const stored = JSON.parse(JSON.stringify(fit(encoding)));
    const encoder = encoderForState(stored);
    expect(encoder).toBe(encodingDefinition(encoding).encoder);
    // And that encoder applies the stored state as it applies the fitted one.
    const a = new Float64Array(rows.length * 11);
    const b = new Float64Array(rows.length * 11);
    encoder.apply(fit(encoding), column, rows, a, 11, 0);
    encoder.apply(stored, column, rows, b, 11, 0);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(a.some((x) => x !== 0)).toBe(true);
  });

  it("rejects an unknown kind naming it and the known ones", () => {
    expect(() => encoderForState({ kind: "woe", column: "vendor" })).toThrow("unknown encoder kind 'woe' (known: frequency, target, onehot, rare-grouping)");
    expect(() => encoderForState({ kind: "__proto__", column: "vendor" })).toThrow(/unknown encoder kind '__proto__'/);
  });
});
