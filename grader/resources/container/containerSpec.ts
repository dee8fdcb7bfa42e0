// The `container:` section of lab.yaml: how to run the lab's image and know it is up.
import { SectionReader, type Raw, type ResourceSection } from "../resource.ts";

export interface ContainerSpec {
  port: number;
  readyPath: string;
  startupTimeoutMs: number;
}

export const containerSection: ResourceSection<"container"> = {
  key: "container",
  needs: "docker",
  parse(raw: Raw, where: string): ContainerSpec {
    const r = new SectionReader(raw, "container", where, ["port", "readyPath", "startupTimeoutSec"]);
    const port = raw.port;
    if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) r.fail("container.port must be the port the image serves on (1-65535)");
    const readyPath = raw.readyPath ?? "/";
    if (typeof readyPath !== "string" || !readyPath.startsWith("/")) r.fail("container.readyPath must be an HTTP path such as /health");
    return { port: port as number, readyPath: readyPath as string, startupTimeoutMs: r.seconds("startupTimeoutSec", 90) };
  },
};
