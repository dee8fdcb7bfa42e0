// What a lab is once loaded: its metadata from lab.yaml, the resources it grades (each section
// parsed by its resource module, grader/resources/<name>/), and its checks, ready to run.
import type { ClusterSpec } from "../resources/cluster/clusterSpec.ts";
import type { ContainerSpec } from "../resources/container/containerSpec.ts";
import type { ImageSpec } from "../resources/image/imageSpec.ts";
import type { PipelineSpec } from "../resources/pipeline/pipelineSpec.ts";
import type { Need } from "../resources/resource.ts";
import type { StackSpec } from "../resources/stack/stackSpec.ts";
import type { Check, Level } from "../types.ts";

export type { ClusterSpec, ContainerSpec, ImageSpec, PipelineSpec, StackSpec };

/** The lab.yaml sections that describe resources, by section name. */
export interface LabResources {
  image?: ImageSpec;
  container?: ContainerSpec;
  stack?: StackSpec;
  cluster?: ClusterSpec;
  pipeline?: PipelineSpec;
}

export interface Lab extends LabResources {
  id: string;
  version: string;
  title: string;
  level: Level;
  minutes: number;
  topics: string[];
  needs: Need[];
  /** Percent of the maximum score needed to pass. */
  passMark: number;
  dir: string;
  checks: Check[];
}
