import { describe, expect, it } from "vitest";
import { acceptsImages, unseenImagesNote } from "../../lib/runs/attachments";
import { buildModelInput } from "../../lib/runs/prompt";

const assistant = { id: "a1", name: "Analyst", handle: "analyst" };
const ada = { kind: "user" as const, id: "u1", name: "Ada" };

describe("files in the model input", () => {
  it("adds the files' text to the message they came with, and images as image parts", () => {
    const [, turn] = buildModelInput({
      assistant,
      instructions: "",
      contextTokens: 100_000,
      history: [
        {
          author: ada,
          content: "@analyst read these",
          files: ["report.pdf", "chart.png"],
          attachments: { texts: [{ name: "report.pdf", text: "Revenue 42" }], images: [{ name: "chart.png", dataUrl: "data:image/png;base64,AAAA" }] },
        },
      ],
    });
    expect(turn).toEqual({
      role: "user",
      content: [
        { type: "text", text: "[Ada]: @analyst read these\n\n(Attached files: report.pdf, chart.png)\n\n--- report.pdf ---\nRevenue 42" },
        { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
      ],
    });
  });

  it("counts an image against the budget, so older turns make room for it", () => {
    const input = buildModelInput({
      assistant,
      instructions: "",
      contextTokens: 1_000,
      history: [
        { author: ada, content: "x".repeat(1_000), files: [] },
        { author: ada, content: "look", files: ["a.png"], attachments: { texts: [], images: [{ name: "a.png", dataUrl: "data:image/png;base64,AA" }] } },
      ],
    });
    expect(input).toHaveLength(2);
    expect(input[1]!.content).toEqual(expect.arrayContaining([expect.objectContaining({ type: "image_url" })]));
  });

  it("knows which models take images, and lets the list be configured", () => {
    expect(acceptsImages("gpt-4o-mini", {})).toBe(true);
    expect(acceptsImages("llava:13b", {})).toBe(true);
    expect(acceptsImages("gpt-3.5-turbo", {})).toBe(false);
    expect(acceptsImages("test-model", { MODEL_IMAGE_INPUT: "test-model, my-vlm" })).toBe(true);
    expect(acceptsImages("gpt-4o", { MODEL_IMAGE_INPUT: "my-vlm" })).toBe(false);
  });

  it("tells the person which images the model was not shown, and why", () => {
    expect(unseenImagesNote("gpt-3.5-turbo", [])).toBeNull();
    expect(unseenImagesNote("gpt-3.5-turbo", [{ name: "a.png", why: "model" }, { name: "b.png", why: "model" }, { name: "c.png", why: "model" }])).toBe(
      "gpt-3.5-turbo cannot see images, so it was not shown a.png, b.png and c.png.",
    );
    expect(unseenImagesNote("gpt-4o", [{ name: "huge.png", why: "size" }])).toBe("huge.png is over 5 MB, so the model was not shown it.");
  });
});
