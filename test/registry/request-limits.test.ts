import { describe, expect, it } from "vitest";
import { isJsonContentType, MAX_BODY_BYTES, MAX_ROW_BYTES, MAX_ROWS_PER_REQUEST } from "../../lib/registry/request-limits";

describe("the predict request limits", () => {
  it("leave 2,048 bytes for each of 5,000 rows", () => {
    expect(MAX_ROWS_PER_REQUEST).toBe(5000);
    expect(MAX_ROW_BYTES).toBe(2048);
    expect(MAX_BODY_BYTES).toBe(10_240_000);
  });
});

describe("isJsonContentType", () => {
  it("accepts application/json in any case, with at most a UTF-8 charset", () => {
    for (const header of ["application/json", "Application/JSON", "application/json; charset=utf-8", "application/json;charset=UTF-8", "application/json ; charset=\"utf-8\""]) {
      expect(isJsonContentType(header), header).toBe(true);
    }
  });

  it("refuses other media types, other charsets, a missing header and one it cannot parse", () => {
    for (const header of [null, "", "text/plain", "application/jsonp", "application/json-patch+json", "application/json; charset=latin1", "text/plain; note=application/json", "application/json;;"]) {
      expect(isJsonContentType(header), String(header)).toBe(false);
    }
  });
});
