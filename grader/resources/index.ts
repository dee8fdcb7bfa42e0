// Every resource section a lab.yaml may have, and every backend a lab may need: the engine and the
// lab loader know resources only through these two tables.
import type { LabResources } from "../lab/model.ts";
import { clusterSection } from "./cluster/clusterSpec.ts";
import { containerSection } from "./container/containerSpec.ts";
import { dockerBackend } from "./docker/dockerBackend.ts";
import { imageSection } from "./image/imageSpec.ts";
import { kindBackend } from "./kind/kindBackend.ts";
import { pipelineSection } from "./pipeline/pipelineSpec.ts";
import type { Backend, Need, ResourceSection } from "./resource.ts";
import { stackSection } from "./stack/stackSpec.ts";

export const resourceSections: { [K in keyof Required<LabResources>]: ResourceSection<K> } = {
  image: imageSection,
  container: containerSection,
  stack: stackSection,
  cluster: clusterSection,
  pipeline: pipelineSection,
};

export const backends: Record<Need, Backend> = { docker: dockerBackend, kind: kindBackend };
