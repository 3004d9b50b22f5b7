import { describe, expect, it } from "vitest";
import { categoryProblem, MAX_CATEGORY_LENGTH } from "../../lib/data/category-values";

describe("categoryProblem", () => {
  it("accepts ordinary product types and vendors, including inner punctuation and non-ASCII letters", () => {
    for (const value of ["ricepastapulses", "soup, tinned", "café-crème", "a=b", "x".repeat(MAX_CATEGORY_LENGTH), ""]) expect(categoryProblem(value), value).toBeNull();
  });

  it("refuses a value a spreadsheet would run as a formula", () => {
    for (const value of ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx"]) expect(categoryProblem(value), JSON.stringify(value)).toMatch(/CSV injection/);
  });

  it("refuses control characters and values longer than 200 characters", () => {
    for (const value of ["a\u0000b", "a\u001bb", "a\u007fb", "a\u000bb"]) expect(categoryProblem(value), JSON.stringify(value)).toBe("category value contains a control character");
    expect(categoryProblem("x".repeat(201))).toBe("category value longer than 200 characters");
    // Tab and line breaks inside a value are not control characters here (the CSV reader handles quoting).
    expect(categoryProblem("a\tb")).toBeNull();
    expect(categoryProblem("a\nb")).toBeNull();
  });
});
