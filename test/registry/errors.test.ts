import { describe, expect, it } from "vitest";
import { CorruptRegistryError, parseJsonFile, RegistryError } from "../../lib/registry/errors";

describe("registry errors", () => {
  it("a corrupt file is a registry error the app can tell apart (503 rather than 400)", () => {
    const error = new CorruptRegistryError("registry.json: not valid JSON");
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("CorruptRegistryError");
    expect(new RegistryError("no such version").name).toBe("RegistryError");
    expect(new RegistryError("no such version")).not.toBeInstanceOf(CorruptRegistryError);
  });

  it("parseJsonFile returns the parsed value", () => {
    expect(parseJsonFile('{"versions":[1,2]}', "/r/registry.json")).toEqual({ versions: [1, 2] });
    expect(parseJsonFile("null", "/r/registry.json")).toBeNull();
  });

  it("parseJsonFile names the file in one line when the text is not JSON", () => {
    for (const text of ['{"versions": [1,', "", "{\n\n oops \n}"]) {
      let caught: unknown;
      try {
        parseJsonFile(text, "/r/v0003/model.json");
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(CorruptRegistryError);
      const message = (caught as Error).message;
      expect(message.startsWith("/r/v0003/model.json: not valid JSON (")).toBe(true);
      expect(message).not.toContain("\n");
      expect(message.length).toBeLessThanOrEqual("/r/v0003/model.json: not valid JSON ()".length + 120);
    }
  });
});
