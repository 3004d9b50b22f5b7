import type { CategoricalEncoder, EncoderStateBase } from "./encoder";
import { frequencyEncoder } from "./frequency-encoder";
import { oneHotEncoder } from "./one-hot-encoder";
import { rareGroupingEncoder } from "./rare-grouping-encoder";
import { targetEncoder } from "./target-encoder";

/**
 * The encodings of the categorical columns, registered in this one place: experiment definitions,
 * the CLI, the forms, the pipeline, the runner and every label on the pages read them from here.
 * Adding an encoding is one encoder module (see lib/features/encoder.ts), listed in ENCODERS, plus
 * one entry in ENCODING_DEFINITIONS.
 */
/** Every encoder an encoding may use; a stored state's `kind` picks one of them. */
const ENCODERS = [frequencyEncoder, targetEncoder, oneHotEncoder, rareGroupingEncoder] as const;

export interface EncodingDefinition {
  /** For tables and headings: "Frequency encoding". */
  label: string;
  /** Inside a sentence: "frequency encoding". */
  inSentence: string;
  /** What the model is given about a product's category and brand, in plain words (no jargon), for the report's plain sentences. */
  plain: string;
  /** What a model on this encoding is built on, for the report's answer: "a scoring model built on …". */
  builtOn: string;
  /** What it does to product type and vendor, for the notebook's description of an experiment. */
  description: string;
  /** The encoder and the settings it is given; null for the plain features. */
  encoder: CategoricalEncoder<never, never> | null;
  settings?: unknown;
  /** Design-matrix columns it adds per categorical column (an estimate where it depends on the data). */
  widthPerColumn: number;
}

function encoding<S extends EncoderStateBase, Settings>(
  encoder: CategoricalEncoder<S, Settings>,
  settings: Settings,
  rest: Omit<EncodingDefinition, "encoder" | "settings">,
): EncodingDefinition {
  return { ...rest, encoder: encoder as unknown as CategoricalEncoder<never, never>, settings };
}

export const ENCODING_DEFINITIONS = {
  none: {
    label: "Plain features",
    inSentence: "plain features",
    plain: "the customer and product signals alone",
    builtOn: "the customer's history and the product's popularity",
    description: "no encoding of product type and vendor",
    encoder: null,
    widthPerColumn: 0,
  },
  frequency: encoding(frequencyEncoder, undefined, {
    label: "Frequency encoding",
    inSentence: "frequency encoding",
    plain: "how common a product's category and brand are",
    builtOn: "the customer's history, with product types and vendors counted by how common they are",
    description: "frequency encoding of product type and vendor",
    widthPerColumn: 1,
  }),
  target: encoding(targetEncoder, { crossFit: true }, {
    label: "Target encoding (cross-fitted)",
    inSentence: "cross-fitted target encoding",
    plain: "how often a product's category and brand are bought",
    builtOn: "the customer's history, with product types and vendors scored by their past purchase rate",
    description: "cross-fitted target encoding of product type and vendor",
    widthPerColumn: 1,
  }),
  "target-leaky": encoding(targetEncoder, { crossFit: false }, {
    label: "Target encoding (leaky)",
    inSentence: "leaky target encoding",
    plain: "how often a product's category and brand are bought, counted on the very rows the model learns from",
    builtOn: "the customer's history, with product types and vendors scored by their purchase rate (leaky)",
    description: "leaky (not cross-fitted) target encoding of product type and vendor",
    widthPerColumn: 1,
  }),
  onehot: encoding(oneHotEncoder, undefined, {
    label: "One-hot encoding",
    inSentence: "one-hot encoding",
    plain: "the product's most common categories and brands themselves",
    builtOn: "the customer's history, with one switch per product type and vendor",
    description: "one-hot encoding of the most common product types and vendors",
    widthPerColumn: 11,
  }),
  "rare-grouping": encoding(rareGroupingEncoder, { minShare: 0.01 }, {
    label: "Rare categories grouped",
    inSentence: "rare-category grouping",
    plain: "the product's categories and brands, rare ones grouped together",
    builtOn: "the customer's history, with one switch per common product type and vendor and one for the rare ones",
    description: "an indicator per product type and vendor with at least 1% of training rows, the rest grouped",
    widthPerColumn: 20,
  }),
} as const satisfies Record<string, EncodingDefinition>;

export type Encoding = keyof typeof ENCODING_DEFINITIONS;
export const ENCODINGS = Object.keys(ENCODING_DEFINITIONS) as [Encoding, ...Encoding[]];

export function isEncoding(value: unknown): value is Encoding {
  return typeof value === "string" && Object.hasOwn(ENCODING_DEFINITIONS, value);
}

export function encodingDefinition(encoding: Encoding): EncodingDefinition {
  return ENCODING_DEFINITIONS[encoding];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StateOf<E> = E extends CategoricalEncoder<infer S, any> ? S : never;
/** The fitted state of any registered encoder (the union over ENCODERS). */
export type EncoderState = StateOf<(typeof ENCODERS)[number]>;

const ENCODERS_BY_KIND: ReadonlyMap<string, CategoricalEncoder<EncoderStateBase, unknown>> = new Map(
  ENCODERS.map((encoder) => [encoder.kind, encoder as unknown as CategoricalEncoder<EncoderStateBase, unknown>]),
);

/** The encoder that applies a stored state (model.json), by its kind. */
export function encoderForState(state: EncoderStateBase): CategoricalEncoder<EncoderStateBase, unknown> {
  const encoder = ENCODERS_BY_KIND.get(state.kind);
  if (!encoder) throw new Error(`unknown encoder kind '${state.kind}' (known: ${[...ENCODERS_BY_KIND.keys()].join(", ")})`);
  return encoder;
}
