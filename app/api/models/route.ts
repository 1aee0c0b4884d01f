import { guardedRoute } from "@/lib/access/guard";
import { listModels, modelProvider } from "@/lib/llm";

export const dynamic = "force-dynamic";

/** The models the configured provider offers (for pickers; free text stays allowed). */
export const GET = guardedRoute({ permission: "model.list" }, async () => {
  const provider = modelProvider();
  return Response.json({ demo: provider.demo, models: await listModels(provider) });
});
