import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import { openApiDocument } from "../../lib/api/openapi";
import { GET } from "../../app/api/openapi.json/route";
import { baseRow } from "../helpers/feature-frame-csv";

const apiDir = path.join(import.meta.dirname, "../../app/api");

/** Every route handler under app/api as "METHOD /api/path" (a [param] folder becomes {param}). */
function routesOnDisk(): string[] {
  const routes: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^route\.(ts|tsx|js)$/.test(entry.name)) {
        const url = `/api/${path.relative(apiDir, dir).split(path.sep).map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/")}`;
        for (const match of fs.readFileSync(full, "utf8").matchAll(/export (?:async )?function (GET|POST|PUT|PATCH|DELETE)\b/g)) routes.push(`${match[1]} ${url}`);
      }
    }
  };
  walk(apiDir);
  return routes.sort();
}

function routesDocumented(doc: Record<string, unknown>): string[] {
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .flatMap(([url, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${url}`))
    .sort();
}

describe("the OpenAPI description", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(openApiDocument());
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    // The validator does refuse broken documents: a response without its description, a parameter without "in".
    const noDescription = openApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, { description?: string }> }>> };
    delete noDescription.paths["/api/predict"].post.responses["200"].description;
    expect((await new Validator().validate(noDescription)).valid).toBe(false);
    const noIn = openApiDocument() as { paths: Record<string, Record<string, { parameters: { in?: string }[] }>> };
    delete noIn.paths["/api/report/targeting"].get.parameters[0].in;
    expect((await new Validator().validate(noIn)).valid).toBe(false);
  });

  it("describes exactly the routes under app/api, with their methods", () => {
    const onDisk = routesOnDisk();
    expect(onDisk).toContain("POST /api/predict");
    expect(onDisk).toContain("GET /api/openapi.json");
    expect(routesDocumented(openApiDocument())).toEqual(onDisk);
  });

  it("is what /api/openapi.json serves", async () => {
    const response = GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it("its predict request schema accepts CSV strings, numbers and rows without ids, and refuses non-numeric text", () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(openApiDocument(), "pushlab-openapi");
    const validate = ajv.getSchema("pushlab-openapi#/paths/~1api~1predict/post/requestBody/content/application~1json/schema")!;
    expect(validate).toBeTypeOf("function");
    const strings = baseRow();
    const numbers = Object.fromEntries(Object.entries(strings).map(([k, v]) => [k, Number.isNaN(Number(v)) ? v : Number(v)]));
    const { order_id: _o, user_id: _u, variant_id: _v, order_date: _d, outcome: _t, ...withoutIds } = numbers;
    expect(validate({ rows: [strings, numbers, withoutIds] }), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ rows: [{ ...strings, normalised_price: "cheap" }] })).toBe(false);
    expect(validate({ rows: [] })).toBe(false);
    expect(validate({ rows: [strings], extra: 1 })).toBe(false);
  });
});
