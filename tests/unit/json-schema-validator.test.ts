import { readFileSync } from "node:fs";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { parametersSchemaError } from "../../lib/assistants/schema";
import validateJsonSchema from "../../lib/assistants/json-schema-validator.generated";
import { GENERATED_VALIDATOR, validatorSource } from "../../scripts/generate-json-schema-validator";

describe("the precompiled JSON Schema check (no eval in the browser)", () => {
  it("is what the generator produces from the installed Ajv", () => {
    expect(readFileSync(GENERATED_VALIDATOR, "utf8")).toBe(validatorSource());
  });

  it("judges schemas as Ajv does at run time, with the same first error", () => {
    const ajv = new Ajv({ allErrors: false, strict: false, validateSchema: true });
    const schemas = [
      { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      { type: "object", properties: { city: { type: "strng" } } },
      { type: "object", required: ["a", "a"] },
      { type: "object", enum: [{ a: [1, 2] }, { a: [1, 2] }] },
      { type: "object", enum: [{ a: [1, 2] }, { a: [2, 1] }] },
      { type: ["object", "object"] },
      { type: "object", minProperties: -1 },
      { type: "object", properties: { nested: { items: [{ type: 5 }] } } },
    ];
    for (const schema of schemas) {
      const valid = validateJsonSchema(schema);
      expect(valid, JSON.stringify(schema)).toBe(ajv.validateSchema(schema));
      expect(validateJsonSchema.errors?.[0]?.message).toBe(ajv.errors?.[0]?.message);
      expect(validateJsonSchema.errors?.[0]?.instancePath).toBe(ajv.errors?.[0]?.instancePath);
    }
  });

  it("explains a bad parameters schema by where and why", () => {
    expect(parametersSchemaError({ type: "object", properties: { city: { type: "strng" } } })).toMatch(/^Not a valid JSON Schema: \/properties\/city\/type must be equal to one of/);
    expect(parametersSchemaError({ type: "object", properties: {} })).toBeNull();
  });
});
