import { describe, expect, it } from "vitest";
import { hiddenBy, type ImageLayer, type LayerEntry } from "../../grader/resources/image/imageLayers.ts";

const file = (path: string): LayerEntry => ({ path, type: "file", size: 100 });
const dir = (path: string): LayerEntry => ({ path, type: "directory", size: 0 });
const layer = (index: number, parts: Partial<ImageLayer>): ImageLayer => ({ index, createdBy: `step ${index}`, entries: [], deletes: [], opaque: [], ...parts });

describe("hiddenBy (whiteouts of later layers)", () => {
  const data = file("/app/data/train.csv");
  it.each<[string, Partial<ImageLayer>, string | undefined]>([
    ["a whiteout of the file", { deletes: ["/app/data/train.csv"] }, "deleted"],
    ["a whiteout of a folder above it", { deletes: ["/app/data"] }, "deleted"],
    ["an opaque folder above it", { opaque: ["/app"] }, "deleted"],
    ["another file at its path", { entries: [file("/app/data/train.csv")] }, "replaced"],
    ["its folder listed again (metadata only)", { entries: [dir("/app/data")] }, undefined],
    ["a whiteout of a sibling", { deletes: ["/app/data/train.csv.bak", "/app/dat"] }, undefined],
  ])("%s: %s", (_what, later, how) => {
    const layers = [layer(1, { entries: [dir("/app/data"), data] }), layer(2, later)];
    const hidden = hiddenBy(layers, 0, data);
    expect(hidden?.how).toBe(how);
    if (how) expect(hidden?.layer.index).toBe(2);
  });

  it("a folder listed again in a later layer keeps its place", () => {
    const layers = [layer(1, { entries: [dir("/app")] }), layer(2, { entries: [dir("/app")] })];
    expect(hiddenBy(layers, 0, dir("/app"))).toBeUndefined();
  });
});
