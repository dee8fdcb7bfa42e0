// The `container:` section of lab.yaml: how to run the lab's image and know it is up.
import { LabDefinitionError } from "../../lab/params.ts";
import { seconds, type Raw, type ResourceSection } from "../resource.ts";

export interface ContainerSpec {
  port: number;
  readyPath: string;
  startupTimeoutMs: number;
}

const fail = (msg: string): never => {
  throw new LabDefinitionError(msg);
};

export const containerSection: ResourceSection<"container"> = {
  key: "container",
  needs: "docker",
  parse(raw: Raw, where: string): ContainerSpec {
    for (const key of Object.keys(raw)) {
      if (!["port", "readyPath", "startupTimeoutSec"].includes(key)) fail(`${where}: container.${key} is not a key of \`container\` (port, readyPath, startupTimeoutSec)`);
    }
    const port = raw.port;
    if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) fail(`${where}: container.port must be the port the image serves on (1-65535)`);
    const readyPath = raw.readyPath ?? "/";
    if (typeof readyPath !== "string" || !readyPath.startsWith("/")) fail(`${where}: container.readyPath must be an HTTP path such as /health`);
    return { port: port as number, readyPath: readyPath as string, startupTimeoutMs: seconds(raw, "startupTimeoutSec", 90, `${where} container`, fail) };
  },
};
