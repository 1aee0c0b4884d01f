import { describe, expect, it } from "vitest";
import {
  buildInput,
  EMPTY_PARAMETERS,
  formStateFrom,
  functionField,
  handleFromName,
  liveErrors,
  localFieldErrors,
  mapFieldErrors,
  newFunction,
  parseParameters,
  sameValues,
  takeEvents,
  tryDraft,
  type AssistantValues,
  type FormState,
  type OutputDraft,
} from "../../components/assistants/form-state";

const saved: AssistantValues = {
  name: "Analyst",
  handle: "analyst",
  description: "Reads numbers.",
  instructions: "Be brief.",
  model: "gpt-test",
  temperature: 0.3,
  color: "#112233",
  avatarUrl: null,
  tools: [
    { type: "retrieval" },
    { type: "function", function: { name: "lookup", description: "Finds a row.", parameters: { type: "object", properties: { id: { type: "string" } } } } },
    { type: "function", function: { name: "plot" }, output: { source: "webhook", url: "https://hooks.example.com/plot", timeoutSeconds: 20, retries: 1, secretId: "sec_1" } },
  ],
  files: [{ id: "f1", name: "a.csv", size: 1, mimeType: "text/csv" }],
};

const withFunctions = (state: FormState, ...functions: Partial<FormState["functions"][number]>[]): FormState => {
  let next = state;
  for (const fn of functions) next = { ...next, functions: [...next.functions, { ...newFunction(next.functions), ...fn }] };
  return next;
};

describe("formStateFrom", () => {
  it("starts a new assistant empty, with the default colour and no temperature", () => {
    const state = formStateFrom();
    expect(state).toMatchObject({ name: "", handle: "", model: "", temperature: "", color: "#6366f1", avatarUrl: "", retrieval: false, codeInterpreter: false, functions: [], fileIds: [] });
  });

  it("splits tools into the checkboxes and function editors, with pretty parameters", () => {
    const state = formStateFrom(saved);
    expect(state).toMatchObject({ temperature: "0.3", avatarUrl: "", retrieval: true, codeInterpreter: false, fileIds: ["f1"] });
    expect(state.functions.map(({ name, description }) => ({ name, description }))).toEqual([
      { name: "lookup", description: "Finds a row." },
      { name: "plot", description: "" },
    ]);
    expect(JSON.parse(state.functions[0]!.parameters)).toEqual({ type: "object", properties: { id: { type: "string" } } });
    expect(state.functions[1]!.parameters).toBe(EMPTY_PARAMETERS);
    expect(new Set(state.functions.map((fn) => fn.key)).size).toBe(2);
  });

  it("keeps the function keys of the previous state by position", () => {
    const previous = { ...formStateFrom(saved), functions: formStateFrom(saved).functions.map((fn, i) => ({ ...fn, key: `k${i}` })) };
    const three = { ...saved, tools: [...saved.tools, { type: "function" as const, function: { name: "third" } }] };
    const keys = formStateFrom(three, previous).functions.map((fn) => fn.key);
    expect(keys.slice(0, 2)).toEqual(["k0", "k1"]);
    expect(new Set(keys).size).toBe(3);
  });

  it("round-trips through buildInput", () => {
    const input = buildInput(formStateFrom(saved));
    expect(input).toEqual({
      name: "Analyst",
      handle: "analyst",
      description: "Reads numbers.",
      instructions: "Be brief.",
      model: "gpt-test",
      temperature: 0.3,
      color: "#112233",
      avatarUrl: null,
      tools: [
        { type: "retrieval" },
        {
          type: "function",
          function: { name: "lookup", description: "Finds a row.", parameters: { type: "object", properties: { id: { type: "string" } } } },
          output: { source: "person", answeredBy: "member" },
        },
        {
          type: "function",
          function: { name: "plot", description: "", parameters: { type: "object", properties: {} } },
          output: { source: "webhook", url: "https://hooks.example.com/plot", timeoutSeconds: 20, retries: 1, secretId: "sec_1" },
        },
      ],
      fileIds: ["f1"],
    });
  });
});

describe("buildInput", () => {
  it("sends an empty temperature as null, a number otherwise, and an empty avatar as null", () => {
    const state = { ...formStateFrom(), temperature: "", avatarUrl: "  " };
    expect(buildInput(state)).toMatchObject({ temperature: null, avatarUrl: null, tools: [] });
    expect(buildInput({ ...state, temperature: "1.5", avatarUrl: " https://x.test/a.png " })).toMatchObject({ temperature: 1.5, avatarUrl: "https://x.test/a.png" });
  });

  it("puts the checkbox tools before the functions", () => {
    const state = withFunctions({ ...formStateFrom(), retrieval: true, codeInterpreter: true }, { name: "f" });
    expect(buildInput(state).tools?.map((tool) => tool.type)).toEqual(["retrieval", "code_interpreter", "function"]);
  });
});

describe("tryDraft", () => {
  it("names an unnamed assistant and carries what the model needs", () => {
    const draft = tryDraft({ ...formStateFrom(saved), name: "  " });
    expect(draft).toMatchObject({ name: "Untitled assistant", handle: "analyst", instructions: "Be brief.", model: "gpt-test", temperature: 0.3 });
    expect(draft.tools).toHaveLength(3);
  });
});

describe("sameValues", () => {
  it("ignores function keys and the order of files", () => {
    const a = { ...formStateFrom(saved), fileIds: ["f1", "f2"] };
    const b = { ...a, fileIds: ["f2", "f1"], functions: a.functions.map((fn, i) => ({ ...fn, key: `other${i}` })) };
    expect(sameValues(a, b)).toBe(true);
    expect(sameValues(a, { ...a, instructions: "Be long." })).toBe(false);
    expect(sameValues(a, { ...a, functions: a.functions.map((fn) => ({ ...fn, parameters: fn.parameters + " " })) })).toBe(false);
  });
});

describe("handleFromName", () => {
  it("suggests a handle the schema accepts", () => {
    expect(handleFromName("Research Analyst")).toBe("research-analyst");
    expect(handleFromName("  Café  Bot!! ")).toBe("cafe-bot");
    expect(handleFromName("--R2 D2--")).toBe("r2-d2");
    expect(handleFromName("a".repeat(31) + " b")).toBe("a".repeat(31));
    expect(handleFromName("🙂")).toBe("");
  });
});

describe("parseParameters", () => {
  it("reports JSON syntax first, then the schema's own message", () => {
    const broken = parseParameters('{"type": "object",');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.error).toMatch(/^Not valid JSON: /);
    expect(parseParameters("[]")).toEqual({ ok: false, error: "The parameters must be a JSON Schema object." });
    expect(parseParameters('{"type": "string"}')).toEqual({ ok: false, error: 'The parameters schema must have "type": "object".' });
    expect(parseParameters('{"type": "object", "properties": 3}')).toMatchObject({ ok: false, error: expect.stringMatching(/^Not a valid JSON Schema: \/properties/) });
    expect(parseParameters(EMPTY_PARAMETERS)).toEqual({ ok: true, value: { type: "object", properties: {} } });
  });
});

describe("liveErrors", () => {
  it("is empty for a saved assistant", () => {
    expect(liveErrors(formStateFrom(saved))).toEqual({});
  });

  it("checks the temperature range, allowing empty", () => {
    const base = formStateFrom();
    expect(liveErrors({ ...base, temperature: "" })).toEqual({});
    expect(liveErrors({ ...base, temperature: "2" })).toEqual({});
    expect(liveErrors({ ...base, temperature: "2.1" })).toEqual({ temperature: "Temperature goes from 0 to 2." });
    expect(liveErrors({ ...base, temperature: "-0.1" })).toEqual({ temperature: "Temperature goes from 0 to 2." });
    expect(liveErrors({ ...base, temperature: "abc" })).toEqual({ temperature: "Temperature goes from 0 to 2." });
  });

  it("keys function problems by the editor's key, and leaves an empty name for saving", () => {
    const state = withFunctions(formStateFrom(), { key: "a", name: "" }, { key: "b", name: "bad name", parameters: "{" }, { key: "c", name: "dup" }, { key: "d", name: "dup" });
    const errors = liveErrors(state);
    expect(Object.keys(errors).sort()).toEqual([functionField("b", "name"), functionField("b", "parameters"), functionField("d", "name")]);
    expect(errors[functionField("b", "name")]).toBe("Function names use letters, digits, _ and -, up to 64.");
    expect(errors[functionField("b", "parameters")]).toMatch(/^Not valid JSON: /);
    expect(errors[functionField("d", "name")]).toBe('Two functions are named "dup".');
  });
});

describe("function outputs", () => {
  const webhook = (output: Partial<OutputDraft>) => withFunctions(formStateFrom(), { key: "w", name: "hook", output: { ...newFunction([]).output, source: "webhook", ...output } });

  it("checks a webhook's settings as they are typed, leaving an empty address for saving", () => {
    expect(liveErrors(webhook({ url: "" }))).toEqual({});
    expect(liveErrors(webhook({ url: "ftp://x.test/", timeoutSeconds: "0", retries: "9" }))).toEqual({
      [functionField("w", "url")]: "Only http and https addresses.",
      [functionField("w", "timeoutSeconds")]: "Between 1 and 120 seconds.",
      [functionField("w", "retries")]: "From 0 to 5 retries.",
    });
    // A person-answered function has nothing of the kind to check.
    expect(liveErrors(withFunctions(formStateFrom(), { key: "p", name: "ask", output: { ...newFunction([]).output, url: "ftp://x" } }))).toEqual({});
  });

  it("sends a webhook without a secret id when a new secret is wanted, and maps its errors back", () => {
    const state = webhook({ url: "https://hooks.example.com/a", secretId: null });
    expect(buildInput(state).tools).toEqual([
      { type: "function", function: { name: "hook", description: "", parameters: { type: "object", properties: {} } }, output: { source: "webhook", url: "https://hooks.example.com/a", timeoutSeconds: 15, retries: 2 } },
    ]);
    expect(mapFieldErrors({ "tools.0.output.url": ["Refused."] }, state).fields).toEqual({ [functionField("w", "url")]: "Refused." });
  });
});

describe("localFieldErrors", () => {
  it("reports what the server would, by the server's paths", () => {
    const state = withFunctions({ ...formStateFrom(), retrieval: true, name: "", handle: "x", model: "m" }, { key: "a", name: "" });
    const errors = localFieldErrors(state)!;
    expect(errors.name).toEqual(["Give the assistant a name."]);
    expect(errors.handle).toEqual(["Use 2 to 32 letters, digits, - or _, starting with a letter or digit."]);
    expect(errors["tools.1.function.name"]).toEqual(["Function names use letters, digits, _ and -, up to 64."]);
    expect(localFieldErrors({ ...formStateFrom(saved) })).toBeNull();
  });
});

describe("mapFieldErrors", () => {
  it("maps tool indexes back to function editors, counting the checkbox tools first", () => {
    const sent = withFunctions({ ...formStateFrom(), retrieval: true, codeInterpreter: true }, { key: "first" }, { key: "second" });
    const { fields, form } = mapFieldErrors(
      {
        name: ["Give the assistant a name."],
        "tools.2.function.name": ["Bad name."],
        "tools.3.function.parameters": ["Bad schema.", "Really."],
        "fileIds.4": ["Too many."],
        tools: ["At most 32."],
        "tools.0": ["Odd."],
        "tools.9.function.name": ["Gone."],
        "tools.3.type": ["Unknown tool."],
        form: ["Broken."],
        assistantId: ["Missing."],
        handle: undefined,
      },
      sent,
    );
    expect(fields).toEqual({
      name: "Give the assistant a name.",
      [functionField("first", "name")]: "Bad name.",
      [functionField("second", "parameters")]: "Bad schema. Really.",
      fileIds: "Too many.",
      tools: "At most 32. Odd.",
    });
    expect(form).toEqual(["Gone.", "Unknown tool.", "Broken.", "Missing."]);
  });

  it("counts only the checkbox tools that were sent", () => {
    const sent = withFunctions(formStateFrom(), { key: "only" });
    expect(mapFieldErrors({ "tools.0.function.description": ["Too long."] }, sent).fields).toEqual({ [functionField("only", "description")]: "Too long." });
  });
});

describe("takeEvents", () => {
  it("parses complete frames and keeps the partial one", () => {
    const { events, rest } = takeEvents('data: {"type":"text","delta":"Hel"}\n\ndata: {"type":"text","delta":"lo"}\n\ndata: {"type":"do');
    expect(events).toEqual([
      { type: "text", delta: "Hel" },
      { type: "text", delta: "lo" },
    ]);
    expect(rest).toBe('data: {"type":"do');
    expect(takeEvents(`${rest}ne"}\n\n`)).toEqual({ events: [{ type: "done" }], rest: "" });
  });

  it("accepts CRLF, no space after the colon, and skips comments", () => {
    expect(takeEvents(': keep-alive\r\n\r\ndata:{"type":"error","message":"No."}\r\n\r\n')).toEqual({ events: [{ type: "error", message: "No." }], rest: "" });
  });
});
