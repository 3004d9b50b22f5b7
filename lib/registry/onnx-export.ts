import onnxproto from "onnx-proto";
import type { EncoderState } from "../features/pipeline";
import type { ModelFile } from "./model-file";
import { modelSignature } from "./model-signature";

/**
 * The whole scoring pipeline of a registry model as a standard ONNX graph (opset 17, ai.onnx.ml 2),
 * so any ONNX runtime scores raw feature-frame columns without pushlab:
 *
 *   inputs        one tensor [N, 1] per column the model reads: double for numbers, string for
 *                 categories, and `created_at_epoch_seconds` (double, seconds since 1970-01-01 UTC)
 *                 in place of the `created_at` text (ONNX has no date parser)
 *   date features created_hour = floor(fmod(s, 86400) / 3600), created_day_of_week =
 *                 fmod(floor(s / 86400) + 4, 7) (0 = Sunday), exactly as pushlab computes them
 *   encoders      LabelEncoder (category → row index, unseen → the last row) then Gather from a
 *                 table: frequencies (unseen 0), target means (unseen the prior), or an identity
 *                 matrix for one-hot / rare grouping (unseen → the "(other)" / "(rare)" column)
 *   model         (X − mean) / scale, MatMul coef, Add intercept, Sigmoid → purchase_probability;
 *                 GreaterOrEqual threshold → predicted_purchase (int64 0/1)
 *
 * Everything is computed in double precision, like pushlab's own scoring. docs/model-format.md
 * shows how to score the file with onnxruntime.
 */

const { onnx } = onnxproto;
const DataType = onnx.TensorProto.DataType;
const AttributeType = onnx.AttributeProto.AttributeType;

export const ONNX_OPSET = 17;
export const ONNX_ML_OPSET = 2;
export const EPOCH_SECONDS_INPUT = "created_at_epoch_seconds";

type Attribute = { name: string } & ({ i: number } | { f: number } | { ints: number[] } | { strings: string[] });

function attribute(a: Attribute): onnxproto.onnx.IAttributeProto {
  if ("i" in a) return { name: a.name, type: AttributeType.INT, i: a.i };
  if ("f" in a) return { name: a.name, type: AttributeType.FLOAT, f: a.f };
  if ("ints" in a) return { name: a.name, type: AttributeType.INTS, ints: a.ints };
  return { name: a.name, type: AttributeType.STRINGS, strings: a.strings.map((s) => Buffer.from(s, "utf8")) };
}

function valueInfo(name: string, elemType: number, width: number | null, doc: string): onnxproto.onnx.IValueInfoProto {
  const dims = [{ dimParam: "N" }, ...(width === null ? [] : [{ dimValue: width }])];
  return { name, docString: doc, type: { tensorType: { elemType, shape: { dim: dims } } } };
}

/** Builds the graph step by step; every intermediate gets a readable, unique name. */
class GraphBuilder {
  readonly nodes: onnxproto.onnx.INodeProto[] = [];
  readonly initializers: onnxproto.onnx.ITensorProto[] = [];
  private counter = 0;

  private fresh(stem: string): string {
    return `${stem}__${this.counter++}`;
  }

  doubles(stem: string, dims: number[], values: number[]): string {
    const name = this.fresh(stem);
    this.initializers.push({ name, dataType: DataType.DOUBLE, dims, doubleData: values });
    return name;
  }

  int64s(stem: string, dims: number[], values: number[]): string {
    const name = this.fresh(stem);
    this.initializers.push({ name, dataType: DataType.INT64, dims, int64Data: values });
    return name;
  }

  node(opType: string, inputs: string[], stem: string, attributes: Attribute[] = [], domain = "", output?: string): string {
    const out = output ?? this.fresh(stem);
    this.nodes.push({ opType, domain, input: inputs, output: [out], name: this.fresh(`${opType}_${stem}`), attribute: attributes.map(attribute) });
    return out;
  }
}

/**
 * The encoder's lookup table: one row per known category plus a last row for an unseen one. Indicator
 * encoders (one-hot, rare grouping) are an identity matrix whose last row sets the catch-all column.
 */
function encoderTable(encoder: EncoderState): { categories: string[]; width: number; rows: number[] } {
  switch (encoder.kind) {
    case "onehot":
    case "rare-grouping": {
      const k = encoder.categories.length + 1;
      const rows = new Array<number>(k * k).fill(0);
      for (let i = 0; i < k; i++) rows[i * k + i] = 1;
      return { categories: encoder.categories, width: k, rows };
    }
    case "frequency":
    case "target": {
      const table = encoder.kind === "frequency" ? encoder.frequencies : encoder.means;
      const categories = Object.keys(table);
      const unseen = encoder.kind === "frequency" ? 0 : encoder.prior;
      return { categories, width: 1, rows: [...categories.map((c) => table[c]), unseen] };
    }
    default:
      throw new Error(`the ONNX export does not know the encoder kind '${(encoder as { kind: string }).kind}'`);
  }
}

/** The ONNX graph's input name for a signature input. */
export function onnxInputName(column: string): string {
  return column === "created_at" ? EPOCH_SECONDS_INPUT : column;
}

export function exportOnnx(model: ModelFile): Uint8Array {
  const { pipeline } = model;
  const signature = model.signature ?? modelSignature(pipeline);
  const g = new GraphBuilder();
  const inputs = signature.inputs.map((input) =>
    input.type === "string"
      ? valueInfo(input.name, DataType.STRING, 1, `category name (${input.name}); unseen categories are scored by the encoder's unseen rule`)
      : input.type === "datetime"
        ? valueInfo(EPOCH_SECONDS_INPUT, DataType.DOUBLE, 1, "created_at as seconds since 1970-01-01 00:00:00 UTC")
        : valueInfo(input.name, DataType.DOUBLE, 1, `${input.name} (${input.role})`),
  );

  const pieces: string[] = [];
  for (const feature of pipeline.baseFeatures) {
    if (feature === "created_hour") {
      const secondsOfDay = g.node("Mod", [EPOCH_SECONDS_INPUT, g.doubles("seconds_per_day", [], [86400])], "seconds_of_day", [{ name: "fmod", i: 1 }]);
      pieces.push(g.node("Floor", [g.node("Div", [secondsOfDay, g.doubles("seconds_per_hour", [], [3600])], "hours")], "created_hour"));
    } else if (feature === "created_day_of_week") {
      const days = g.node("Floor", [g.node("Div", [EPOCH_SECONDS_INPUT, g.doubles("seconds_per_day", [], [86400])], "days_fraction")], "epoch_day");
      const shifted = g.node("Add", [days, g.doubles("thursday", [], [4])], "epoch_day_plus_4"); // 1970-01-01 was a Thursday
      pieces.push(g.node("Mod", [shifted, g.doubles("days_per_week", [], [7])], "created_day_of_week", [{ name: "fmod", i: 1 }]));
    } else {
      pieces.push(feature);
    }
  }
  for (const encoder of pipeline.encoders) {
    const { categories, width, rows } = encoderTable(encoder);
    const index = g.node(
      "LabelEncoder",
      [encoder.column],
      `${encoder.column}_index`,
      [
        { name: "keys_strings", strings: categories },
        { name: "values_int64s", ints: categories.map((_, i) => i) },
        { name: "default_int64", i: categories.length },
      ],
      "ai.onnx.ml",
    );
    const table = g.doubles(`${encoder.column}_${encoder.kind}_table`, [categories.length + 1, width], rows);
    const gathered = g.node("Gather", [table, index], `${encoder.column}_encoded_3d`, [{ name: "axis", i: 0 }]);
    pieces.push(g.node("Reshape", [gathered, g.int64s("shape", [2], [-1, width])], `${encoder.column}_${encoder.kind}`));
  }
  const width = pipeline.featureNames.length;
  const X = pieces.length === 1 ? pieces[0] : g.node("Concat", pieces, "design_matrix", [{ name: "axis", i: 1 }]);
  const centred = g.node("Sub", [X, g.doubles("scaler_mean", [width], pipeline.scaler.mean)], "centred");
  const scaled = g.node("Div", [centred, g.doubles("scaler_scale", [width], pipeline.scaler.scale)], "standardised");
  const margin = g.node("Add", [g.node("MatMul", [scaled, g.doubles("coef", [width, 1], model.coef)], "linear"), g.doubles("intercept", [1], [model.intercept])], "margin");
  g.node("Sigmoid", [margin], "probability", [], "", "purchase_probability");
  const push = g.node("GreaterOrEqual", ["purchase_probability", g.doubles("threshold", [1], [model.threshold])], "push");
  g.node("Cast", [push], "decision", [{ name: "to", i: DataType.INT64 }], "", "predicted_purchase");

  const proto: onnxproto.onnx.IModelProto = {
    irVersion: 8,
    opsetImport: [
      { domain: "", version: ONNX_OPSET },
      { domain: "ai.onnx.ml", version: ONNX_ML_OPSET },
    ],
    producerName: "pushlab",
    producerVersion: model.pushlabVersion,
    domain: "pushlab",
    modelVersion: 1,
    docString: `pushlab model ${model.version} (experiment ${model.experimentId}): purchase probability of a customer for a product, logistic regression on the ${pipeline.encoding} encoding. Push when purchase_probability >= ${model.threshold}.`,
    graph: {
      name: `pushlab_${model.version}`,
      node: g.nodes,
      initializer: g.initializers,
      input: inputs,
      output: [
        valueInfo("purchase_probability", DataType.DOUBLE, 1, "P(outcome = 1)"),
        valueInfo("predicted_purchase", DataType.INT64, 1, `1 when purchase_probability >= ${model.threshold}`),
      ],
    },
    metadataProps: [
      { key: "model_version", value: model.version },
      { key: "experiment_id", value: model.experimentId },
      { key: "threshold", value: String(model.threshold) },
      { key: "encoding", value: pipeline.encoding },
      { key: "feature_names", value: JSON.stringify(pipeline.featureNames) },
      { key: "signature", value: JSON.stringify(signature) },
    ],
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(proto)).finish();
}
