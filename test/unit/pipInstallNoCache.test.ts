import { describe, expect, it } from "vitest";
import pipInstallNoCache from "../../grader/primitives/dockerfile/pipInstallNoCache.ts";
import { Params } from "../../grader/lab/params.ts";
import { ctxWithFiles } from "../helpers/staticCtx.ts";

const params = pipInstallNoCache.params(new Params({}, "test"), { dir: "/", dockerfile: "Dockerfile" });
const verdict = async (dockerfile: string) => pipInstallNoCache.run(await ctxWithFiles({ Dockerfile: dockerfile }), params);
const FROM = "FROM python:3.11-slim\n";

describe("pipInstallNoCache", () => {
  // No cache in any layer of the final image.
  it.each([
    ["--no-cache-dir", "RUN pip install --no-cache-dir -r requirements.txt\n"],
    ["PIP_NO_CACHE_DIR in ENV", "ENV PIP_NO_CACHE_DIR=1\nRUN pip install -r requirements.txt\n"],
    ["PIP_NO_CACHE_DIR in ENV, legacy form", "ENV PIP_NO_CACHE_DIR 1\nRUN pip install -r requirements.txt\n"],
    // pip disables the cache for every value it parses, false ones too (pypa/pip#5884).
    ...["0", "false", "off", "no", "true", "on", "yes", "TRUE"].map((v) => [`PIP_NO_CACHE_DIR=${v}`, `ENV PIP_NO_CACHE_DIR=${v}\nRUN pip install x\n`]),
    ["PIP_NO_CACHE_DIR as an ARG default (ARGs are in RUN's environment)", "ARG PIP_NO_CACHE_DIR=1\nRUN pip install x\n"],
    ["inline PIP_NO_CACHE_DIR", "RUN PIP_NO_CACHE_DIR=1 pip install fastapi\n"],
    ["exported PIP_NO_CACHE_DIR", "RUN export PIP_NO_CACHE_DIR=1 && pip install fastapi\n"],
    ["cache mount", "RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n"],
    ["cache mount on the folder above", "RUN --mount=type=cache,id=pip,target=/root/.cache pip install x\n"],
    ["tmpfs mount", "RUN --mount=type=tmpfs,target=/root/.cache pip install x\n"],
    ["python -m pip, continued line", "RUN python -m pip install \\\n    --no-cache-dir fastapi\n"],
    ["cache kept only in an earlier stage", "FROM python:3.11 AS build\nRUN pip install wheel\nFROM python:3.11-slim\nRUN pip install --no-cache-dir fastapi\n"],
    ["no pip at all", 'CMD ["python"]\n'],
    // The cache removed again in the same RUN.
    ["&& rm -rf /root/.cache/pip", "RUN pip install -r requirements.txt && rm -rf /root/.cache/pip\n"],
    ["; rm -rf", "RUN pip install -r requirements.txt; rm -rf /root/.cache/pip\n"],
    ["removal on a continued line after a comment line", "RUN pip install -r requirements.txt \\\n    # no cache in the layer\n    && rm -rf /root/.cache/pip\n"],
    ["rm -rf ~/.cache/pip", "RUN pip install x && rm -rf ~/.cache/pip\n"],
    ["rm -rf $HOME/.cache/pip", "RUN pip install x && rm -rf $HOME/.cache/pip\n"],
    ['rm -rf "${HOME}/.cache/pip"', 'RUN pip install x && rm -rf "${HOME}/.cache/pip"\n'],
    ["rm -rf /root/.cache", "RUN pip install x && rm -rf /root/.cache\n"],
    ["rm -rf /root/.cache/pip/*", "RUN pip install x && rm -rf /root/.cache/pip/*\n"],
    ["rm -fr --", "RUN pip install x && rm -fr -- /root/.cache/pip\n"],
    ['rm -rf "$(pip cache dir)"', 'RUN pip install x && rm -rf "$(pip cache dir)"\n'],
    ["rm -rf `python3 -m pip cache dir`", "RUN pip install x && rm -rf `python3 -m pip cache dir`\n"],
    ["pip cache purge", "RUN pip install x && pip cache purge\n"],
    ["python -m pip cache purge", "RUN python -m pip install x && python -m pip cache purge\n"],
    ["two installs, then the removal", "RUN pip install a && pip3 install b && rm -rf /root/.cache/pip\n"],
    ["removal, then `|| true`", "RUN pip install x && rm -rf /root/.cache/pip || true\n"],
    ["heredoc RUN", "RUN <<EOF\npip install -r requirements.txt\nrm -rf /root/.cache/pip\nEOF\n"],
    ["heredoc run by bash", "RUN <<EOT bash\nset -e\npip install x\npip cache purge\nEOT\n"],
    ["sh -c", "RUN sh -c 'pip install x && rm -rf /root/.cache/pip'\n"],
    ["exec form with --no-cache-dir", 'RUN ["pip", "install", "--no-cache-dir", "x"]\n'],
    ["exec form sh -c with removal", 'RUN ["sh", "-c", "pip install x && rm -rf /root/.cache/pip"]\n'],
    ["--cache-dir into the image, removed", "RUN pip install --cache-dir /tmp/pipcache x && rm -rf /tmp/pipcache\n"],
    ["PIP_CACHE_DIR, removed through the variable", "ENV PIP_CACHE_DIR=/tmp/pipcache\nRUN pip install x && rm -rf $PIP_CACHE_DIR\n"],
    ["XDG_CACHE_HOME, removed", "ENV XDG_CACHE_HOME=/tmp/xdg\nRUN pip install x && rm -rf /tmp/xdg/pip\n"],
    ["relative removal from WORKDIR", "WORKDIR /root\nRUN pip install x && rm -rf .cache/pip\n"],
    ["relative removal after cd", "RUN pip install x && cd /root && rm -rf .cache\n"],
    ["named USER, its home's cache removed", "RUN useradd -m app\nUSER app\nRUN pip install --user x && rm -rf ~/.cache/pip\n"],
    ["named USER, removed by absolute path", "RUN useradd -m app\nUSER app\nRUN pip install --user x && rm -rf /home/app/.cache/pip\n"],
    ["uid USER, removed through $HOME", "USER 10001\nRUN pip install --user x && rm -rf $HOME/.cache/pip\n"],
    ["ENV HOME, removed by absolute path", "ENV HOME=/srv\nUSER 10001\nRUN pip install --user x && rm -rf /srv/.cache/pip\n"],
  ])("passes: %s", async (_name, body) => {
    const df = body.startsWith("FROM") ? body : FROM + body;
    const v = await verdict(df);
    expect(v.status, v.message).toBe("pass");
  });

  it.each([
    ["plain pip install", FROM + "RUN pip install -r requirements.txt\n", 2],
    ["second install forgets the flag", FROM + "RUN pip install --no-cache-dir a\nRUN pip3 install b\n", 3],
    ["ENV set in an earlier stage only", "FROM python:3.11-slim AS a\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.11-slim\nRUN pip install b\n", 4],
    ["the final stage built FROM a stage that kept the cache", "FROM python:3.11-slim AS deps\nRUN pip install x\nFROM deps\nRUN pip install --no-cache-dir y\n", 2],
    ["removal before the install", FROM + "RUN rm -rf /root/.cache/pip && pip install x\n", 2],
    ["removal only if the install fails (`||`)", FROM + "RUN pip install x || rm -rf /root/.cache/pip\n", 2],
    ["an install after the removal", FROM + "RUN pip install a && rm -rf /root/.cache/pip && pip install b\n", 2],
    ["removal commented out", FROM + "RUN pip install x # && rm -rf /root/.cache/pip\n", 2],
    ["rm without -r (fails on a folder)", FROM + "RUN pip install x && rm -f /root/.cache/pip\n", 2],
    ["--cache-dir into the image, not removed", FROM + "RUN pip install --cache-dir /tmp/pipcache x\n", 2],
    ["--cache-dir after --no-cache-dir (the last wins)", FROM + "RUN pip install --no-cache-dir --cache-dir /tmp/pipcache x\n", 2],
    ["--cache-dir elsewhere, the default folder removed", FROM + "RUN pip install --cache-dir /tmp/pipcache x && rm -rf /root/.cache/pip\n", 2],
    ["--cache-dir elsewhere, the default folder purged", FROM + "RUN pip install --cache-dir /tmp/pipcache x && pip cache purge\n", 2],
    ["--cache-dir outside the cache mount", FROM + "RUN --mount=type=cache,target=/root/.cache/pip pip install --cache-dir /tmp/c x\n", 2],
    ["PIP_CACHE_DIR into the image, not removed", FROM + "ENV PIP_CACHE_DIR=/tmp/pipcache\nRUN pip install x\n", 3],
    ["PIP_CACHE_DIR, the default folder removed", FROM + "ENV PIP_CACHE_DIR=/tmp/pipcache\nRUN pip install x && rm -rf /root/.cache/pip\n", 3],
    ["named USER, root's cache removed", FROM + "RUN useradd -m app\nUSER app\nRUN pip install --user x && rm -rf /root/.cache/pip\n", 4],
    ["named USER, cache mount on root's cache", FROM + "RUN useradd -m app\nUSER app\nRUN --mount=type=cache,target=/root/.cache/pip pip install --user x\n", 4],
    ["PIP_NO_CACHE_DIR set but empty", FROM + "ENV PIP_NO_CACHE_DIR=\nRUN pip install x\n", 3],
    ["ARG PIP_NO_CACHE_DIR without a value", FROM + "ARG PIP_NO_CACHE_DIR\nRUN pip install x\n", 3],
    ["a shell variable, not exported", FROM + "RUN PIP_NO_CACHE_DIR=1; pip install x\n", 2],
    ["--isolated ignores PIP_NO_CACHE_DIR", FROM + "ENV PIP_NO_CACHE_DIR=1\nRUN pip --isolated install x\n", 3],
    ["heredoc RUN without removal", FROM + "RUN <<EOF\nset -e\npip install x\nEOF\n", 2],
    ["removal inside a Python heredoc (not shell)", FROM + "RUN pip install x && python3 <<EOF\nimport shutil\nshutil.rmtree('/tmp/x')\nEOF\n", 2],
    ["pip wheel keeps a cache too", FROM + "RUN pip wheel -w /wheels x\n", 2],
  ])("fails: %s", async (_name, df, line) => {
    const v = await verdict(df);
    expect(v).toMatchObject({ status: "fail", evidence: { line, file: "Dockerfile" } });
    expect(v.evidence?.excerpt).toMatch(/pip3? (--isolated )?(install|wheel)/);
  });

  it("names the cache folder, and a removal in a later RUN as too late", async () => {
    const v = await verdict(FROM + "RUN pip install -r requirements.txt\nRUN rm -rf /root/.cache/pip\n");
    expect(v).toMatchObject({
      status: "fail",
      message: "`pip install` keeps its download cache (/root/.cache/pip) in the image layer: removing it in a later RUN (line 3) leaves it in this one",
      evidence: { line: 2 },
    });
  });

  it("names a user's home it cannot know as $HOME", async () => {
    const v = await verdict(FROM + "USER 10001\nRUN pip install --user x\n");
    expect(v).toMatchObject({ status: "fail", message: "`pip install` keeps its download cache ($HOME/.cache/pip) in the image layer" });
  });
});
