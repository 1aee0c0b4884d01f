// Types of the generated module beside this file (scripts/generate-json-schema-validator.ts).
import type { ErrorObject } from "ajv";

/** Whether `data` is a valid draft-07 JSON Schema; when not, `errors` says where and why (Ajv's messages). */
declare const validateJsonSchema: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
export default validateJsonSchema;
