import { FEATURE_FRAME_COLUMNS, TARGET_COLUMN } from "../data/schema";
import { PUSHLAB_VERSION } from "../version";
import { ID_COLUMNS, MAX_ROWS_PER_REQUEST } from "../registry/rows-frame";
import { MAX_BODY_BYTES } from "../registry/request-limits";

/**
 * The OpenAPI 3.1 description of pushlab's HTTP API, served at /api/openapi.json. The row schema
 * comes from the feature-frame schema (lib/data/schema.ts), so a new column shows up here by itself;
 * test/api/openapi.test.ts checks the document is valid and that its paths are exactly app/api's routes.
 */

const numberOrNumericString = {
  oneOf: [
    { type: "number" },
    { type: "string", pattern: "^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$", description: "a decimal number as a CSV cell gives it, e.g. \"0.5\" or \"1e-05\"" },
  ],
};

function columnSchema(kind: string, role: string): Record<string, unknown> {
  if (kind === "string") return { type: "string", minLength: 1, maxLength: 200, description: "category name; a value the model has not seen is scored by the unseen-category rule and reported in unseen_categories" };
  if (kind === "datetime") return { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}([ T]\\d{2}:\\d{2}:\\d{2})?$", description: "YYYY-MM-DD HH:MM:SS, UTC", examples: ["2020-10-05 16:46:19"] };
  if (kind === "date") return { type: "string", description: "YYYY-MM-DD HH:MM:SS; never used by a model (ignored)" };
  if (role === "variant" || role === "order" || role === "user") return { ...numberOrNumericString, description: "optional id (integer); echoed back in the prediction when given" };
  return { ...numberOrNumericString, description: role === "binary" ? "0 or 1" : "finite number" };
}

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "string" }, details: { type: "array", items: {} } },
};

const rowErrorSchema = {
  type: "object",
  required: ["row", "column", "message"],
  properties: {
    row: { type: ["integer", "null"], description: "index in rows (0-based)" },
    column: { type: ["string", "null"] },
    message: { type: "string" },
  },
};

const jsonError = (description: string, schema: unknown = { $ref: "#/components/schemas/Error" }) => ({ description, content: { "application/json": { schema } } });

export function openApiDocument(): Record<string, unknown> {
  const rowProperties = Object.fromEntries(FEATURE_FRAME_COLUMNS.filter((c) => c.name !== TARGET_COLUMN).map((c) => [c.name, columnSchema(c.kind, c.role)]));
  return {
    openapi: "3.1.0",
    info: {
      title: "pushlab",
      version: PUSHLAB_VERSION,
      description:
        "Scoring with the selected push-notification model and reading the registry. Reading and scoring are open; mutations happen in the app (Server Actions) and the CLI. The model file format is described in docs/model-format.md.",
    },
    paths: {
      "/api/predict": {
        post: {
          operationId: "predict",
          summary: "Score feature-frame rows with the active (or a given) model version",
          description:
            "Each row needs only the columns the model reads (the `signature.inputs` of its model.json: at most the numeric and binary features, created_at, product_type and vendor); numbers may be JSON numbers or numeric strings. Ids are optional and echoed back. A category the model has no value for is scored by the encoder's rule (frequency 0, target the training prior, one-hot the \"(other)\" column, rare grouping the \"(rare)\" column) and named in that prediction's unseen_categories. Problems are reported per row and column, up to 5 a row and 50 in all, and nothing is scored then.",
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["rows"],
                  additionalProperties: false,
                  properties: {
                    rows: { type: "array", minItems: 1, maxItems: MAX_ROWS_PER_REQUEST, items: { $ref: "#/components/schemas/FeatureFrameRow" } },
                    version: { type: "string", maxLength: 40, pattern: "^v_\\d{8}_\\d{6}(_\\d+)?$", description: "registry version; default the active one" },
                  },
                },
              },
            },
          },
          responses: {
            "200": {
              description: "one prediction per row, in order",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    required: ["version", "experimentId", "threshold", "predictions"],
                    properties: {
                      version: { type: "string" },
                      experimentId: { type: "string" },
                      threshold: { type: "number" },
                      predictions: { type: "array", items: { $ref: "#/components/schemas/Prediction" } },
                    },
                  },
                },
              },
            },
            "400": jsonError("not JSON, not the request shape, or invalid rows (details: one entry per row and column)", {
              type: "object",
              required: ["error"],
              properties: { error: { type: "string" }, details: { type: "array", items: { oneOf: [{ $ref: "#/components/schemas/RowError" }, { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } }] } } },
            }),
            "404": jsonError("the requested version is not in the registry"),
            "409": jsonError("no model has been selected yet"),
            "413": jsonError(`body over ${MAX_BODY_BYTES} bytes`),
            "415": jsonError("not sent as application/json"),
          },
        },
      },
      "/api/models/active": {
        get: {
          operationId: "activeModel",
          summary: "The active model version, its validation and test figures and its signature",
          responses: {
            "200": {
              description: "the registry entry of the active version",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    required: ["version", "experimentId", "createdAt", "threshold", "refit", "validation", "test", "fittedOn", "dataFingerprint", "thresholdSource", "signature"],
                    properties: {
                      version: { type: "string" },
                      experimentId: { type: "string" },
                      createdAt: { type: "string", format: "date-time" },
                      threshold: { type: "number" },
                      refit: { type: "boolean" },
                      note: { type: ["string", "null"] },
                      actor: { type: "string" },
                      validation: { type: "object", properties: { averagePrecision: { type: "number" }, rocAuc: { type: "number" }, f03: { type: "number" } } },
                      test: { type: "object", properties: { averagePrecision: { type: "number" }, rocAuc: { type: "number" }, precision: { type: "number" }, recall: { type: "number" }, f03: { type: "number" } } },
                      fittedOn: { enum: ["train", "train+validation"] },
                      dataFingerprint: { type: "string" },
                      thresholdSource: { enum: ["explicit", "kept", "best-f0.3"] },
                      signature: { $ref: "#/components/schemas/Signature" },
                    },
                  },
                },
              },
            },
            "404": jsonError("no model has been selected yet"),
          },
        },
      },
      "/api/report/targeting": {
        get: {
          operationId: "targetingPreview",
          summary: "The test-period customers the active model would notify for one product type or variant",
          parameters: [
            { name: "productType", in: "query", required: false, schema: { type: "string", maxLength: 200 }, description: "give exactly one of productType and variantId" },
            { name: "variantId", in: "query", required: false, schema: { type: "integer" } },
          ],
          responses: {
            "200": {
              description: "the preview",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    required: ["version", "threshold", "rows", "candidates", "pushed", "buyersReached", "buyers"],
                    properties: {
                      version: { type: "string" },
                      threshold: { type: "number" },
                      candidates: { type: "integer" },
                      pushed: { type: "integer" },
                      buyersReached: { type: "integer" },
                      buyers: { type: "integer" },
                      rows: {
                        type: "array",
                        items: {
                          type: "object",
                          properties: {
                            userId: { type: "number" },
                            orderDate: { type: "string" },
                            variantId: { type: "number" },
                            productType: { type: "string" },
                            probability: { type: "number" },
                            pushed: { type: "boolean" },
                            bought: { type: "boolean" },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            "400": jsonError("neither or both parameters, or a malformed one"),
            "409": jsonError("no model has been selected yet"),
          },
        },
      },
      "/api/campaign": {
        get: {
          operationId: "campaignList",
          summary: "The ranked list to push for one product from a published candidates set, with expected precision and buyers; without `candidates`, the published sets",
          parameters: [
            { name: "candidates", in: "query", required: false, schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" }, description: "a set written by `pushlab candidates publish` (a name, never a path)" },
            { name: "product_type", in: "query", required: false, schema: { type: "string", maxLength: 200 }, description: "give exactly one of product_type and variant" },
            { name: "variant", in: "query", required: false, schema: { type: "string", pattern: "^\\d{1,20}$" } },
            { name: "budget", in: "query", required: false, schema: { type: "integer", minimum: 1 }, description: "give exactly one of budget and threshold" },
            { name: "threshold", in: "query", required: false, schema: { type: "number", minimum: 0, maximum: 1 } },
            { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 50000 }, description: "rows of the list returned (default and maximum 50,000)" },
          ],
          responses: {
            "200": {
              description: "the campaign list and its estimates, or (without `candidates`) the published sets",
              content: {
                "application/json": {
                  schema: {
                    oneOf: [
                      {
                        type: "object",
                        required: ["candidates", "scoredBy", "productType", "customers", "estimates", "list"],
                        properties: {
                          candidates: { type: "string" },
                          scoredBy: { type: "string" },
                          activeVersion: { type: ["string", "null"] },
                          productType: { type: ["string", "null"] },
                          candidateRows: { type: "integer" },
                          candidateCustomers: { type: "integer" },
                          customers: { type: "integer" },
                          estimates: { type: ["object", "null"] },
                          truncated: { type: "boolean" },
                          list: { type: "array", items: { type: "object" } },
                        },
                      },
                      { type: "object", required: ["candidates"], properties: { candidates: { type: "array", items: { type: "object" } } } },
                    ],
                  },
                },
              },
            },
            "400": jsonError("an unknown, repeated or malformed parameter"),
            "404": jsonError("no published candidates of that name, or no candidate for that product"),
          },
        },
      },
      "/api/status": {
        get: {
          operationId: "readiness",
          summary: "Readiness: 200 once nothing started by `pushlab serve` is still running, 503 while the experiment grid runs",
          responses: {
            "200": { description: "ready", content: { "application/json": { schema: { $ref: "#/components/schemas/Status" } } } },
            "503": { description: "the grid is still running, with its stage and progress", content: { "application/json": { schema: { $ref: "#/components/schemas/Status" } } } },
          },
        },
      },
      "/api/runs/events": {
        get: {
          operationId: "runEvents",
          summary: "Server-sent events: the run queue as a JSON list, at once and on every change",
          responses: {
            "200": {
              description: "an event stream; each `data:` line is a JSON array of run records",
              content: { "text/event-stream": { schema: { type: "string" } } },
            },
          },
        },
      },
      "/api/openapi.json": {
        get: {
          operationId: "openApi",
          summary: "This document",
          responses: { "200": { description: "the OpenAPI description", content: { "application/json": { schema: { type: "object" } } } } },
        },
      },
    },
    components: {
      schemas: {
        FeatureFrameRow: {
          type: "object",
          description: "One feature-frame row. Only the columns the model reads are required; outcome and unused columns are ignored.",
          properties: rowProperties,
          additionalProperties: true,
        },
        Prediction: {
          type: "object",
          required: ["purchase_probability", "predicted_purchase", "unseen_categories"],
          properties: {
            ...Object.fromEntries(ID_COLUMNS.map((c) => [c, { type: "integer", description: "present when the row gave it" }])),
            purchase_probability: { type: "number", minimum: 0, maximum: 1 },
            predicted_purchase: { enum: [0, 1], description: "1 when purchase_probability ≥ threshold" },
            unseen_categories: { type: "array", items: { enum: ["product_type", "vendor"] }, description: "encoded columns whose value the model has no entry for" },
          },
        },
        Status: {
          type: "object",
          required: ["ready", "grid"],
          properties: {
            ready: { type: "boolean" },
            grid: {
              oneOf: [{ type: "null" }, { type: "object", properties: { status: { type: "string" }, stage: { type: ["string", "null"] }, progress: {} } }],
            },
          },
        },
        Signature: {
          type: "object",
          description: "The columns a row must hold for this model (inputs) and what it returns (outputs), as in model.json",
          required: ["inputs", "outputs"],
          properties: {
            inputs: {
              type: "array",
              items: {
                type: "object",
                required: ["name", "type", "role", "features"],
                properties: {
                  name: { type: "string" },
                  type: { enum: ["number", "string", "datetime"] },
                  role: { enum: ["binary", "numeric", "categorical", "time"] },
                  features: { type: "array", items: { type: "string" } },
                },
              },
            },
            outputs: { type: "array", items: { type: "object", properties: { name: { type: "string" }, type: { type: "string" }, description: { type: "string" } } } },
          },
        },
        RowError: rowErrorSchema,
        Error: errorSchema,
      },
    },
  };
}
