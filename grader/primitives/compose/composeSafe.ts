// Static: the Compose safety gate as a check, so the report shows why a stack will not be started.
// The same rules guard every `up` (grader/compose/safety.ts).
import { composeViolations, describeViolation, violationEvidence } from "../../compose/safety.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { composeFileParam, isVerdict, readCompose } from "./composeSource.ts";

interface P {
  file: string;
}

export default definePrimitive<P>({
  tier: "static",
  defaultTimeoutMs: 60_000,
  summary:
    "no service asks for host access: `privileged`, host network/pid/ipc/uts/userns/cgroup, the Docker socket, binds outside the workspace, `cap_add`, `devices`, unconfined `security_opt`, outside containers, volumes or networks",
  params: (p) => ({ file: composeFileParam(p) }),
  async run(ctx, p) {
    const project = await readCompose(ctx, p.file);
    if (isVerdict(project)) return project;
    const violations = composeViolations(project);
    if (violations.length === 0) {
      return pass(`no service in ${p.file} asks for access to the host`, { file: p.file });
    }
    const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : "";
    return fail(`the grader refuses to start this stack: ${describeViolation(violations[0])}${more}`, {
      ...violationEvidence(violations, project),
      measured: `${violations.length} refused setting${violations.length > 1 ? "s" : ""}`,
      threshold: "none",
    });
  },
});
