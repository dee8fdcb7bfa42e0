// One Ink panel per kind of live payload a check sends (grader/types.ts LivePayload): adding a kind
// means adding its panel here; the view stays free of check logic.
import type { LivePayload } from "../../grader/types.ts";
import { ClusterPanel } from "./ClusterPanel.tsx";
import { LoadPanel } from "./LoadPanel.tsx";
import { PipelinePanel } from "./PipelinePanel.tsx";

export function LivePanel({ payload }: { payload: LivePayload }) {
  switch (payload.kind) {
    case "load":
      return <LoadPanel load={payload.load} />;
    case "cluster":
      return <ClusterPanel view={payload.cluster} />;
    case "pipeline":
      return <PipelinePanel view={payload.pipeline} />;
  }
}
