"use client";

import type { RunDTO } from "@/lib/runs/dto";
import { isToolCallsStep, mayAnswer } from "@/lib/tools/steps";
import { FunctionCard, type SubmitOutput } from "./function-card";
import { ToolCallView } from "./tool-call";

/**
 * The tool calls of the run that writes a reply, in the order they were made: finished ones
 * collapsed, and a card for each call waiting for a person in the thread.
 */
export function RunToolSteps({ run, myId, onSubmit }: { run: RunDTO; myId: string; onSubmit: SubmitOutput }) {
  const calls = run.steps.flatMap((step) => (isToolCallsStep(step.details) ? step.details.tool_calls : []));
  if (calls.length === 0) return null;
  const startedByUserId = run.startedBy?.id ?? null;
  return (
    <ul aria-label={`Tool calls of ${run.assistant.name}`} className="my-1.5 space-y-1">
      {calls.map((call) => (
        <li key={call.id}>
          {call.status === "requires_action" && run.status === "requires_action" ? (
            <FunctionCard
              call={call}
              canAnswer={mayAnswer(call, { userId: myId, startedByUserId })}
              waitingFor={call.answeredBy === "starter" && run.startedBy ? run.startedBy.name : undefined}
              onSubmit={onSubmit}
            />
          ) : (
            <ToolCallView call={call} />
          )}
        </li>
      ))}
    </ul>
  );
}
