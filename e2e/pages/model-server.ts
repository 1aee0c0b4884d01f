import type { APIRequestContext } from "@playwright/test";
import { MODEL_PORT } from "../../playwright.config";
import type { ModelScript, RecordedRequest } from "../../tests/support/model-server";

/** Drives the test model server that the app under test uses as its provider. */
export class ModelServerControl {
  private readonly base = `http://127.0.0.1:${MODEL_PORT}/_control`;
  constructor(private readonly request: APIRequestContext) {}

  async script(...scripts: ModelScript[]) {
    await this.request.post(`${this.base}/script`, { data: scripts });
  }

  async reset() {
    await this.request.post(`${this.base}/reset`);
  }

  async chatRequests(): Promise<RecordedRequest[]> {
    const all = (await (await this.request.get(`${this.base}/requests`)).json()) as RecordedRequest[];
    return all.filter((request) => request.path === "/v1/chat/completions");
  }
}
