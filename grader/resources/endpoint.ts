// A service port a check talks to, named in lab.yaml (`api: { service: api, port: 8000 }`) and
// resolved by the resource that runs the service: a Compose service through the run's stack (its
// port published on 127.0.0.1); a Kubernetes Service through the cluster once that resource exists.
import type { GradeContext } from "../context.ts";
import type { Verdict } from "../types.ts";
import { reachStackService } from "./stack/stackEndpoint.ts";

export interface ServiceEndpoint {
  /** Which resource runs the service. */
  via: "stack";
  service: string;
  port: number;
}

type Resolver = (ctx: GradeContext, e: ServiceEndpoint, why: string) => Promise<string | Verdict>;

const resolvers: Record<ServiceEndpoint["via"], Resolver> = { stack: reachStackService };

/** The service's base URL (http://127.0.0.1:<port>), or a fail saying why it cannot be reached `why` ("to send it load"). */
export function reach(ctx: GradeContext, e: ServiceEndpoint, why: string): Promise<string | Verdict> {
  return resolvers[e.via](ctx, e, why);
}
