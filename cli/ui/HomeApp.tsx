// Connects keys to the home screen: Ink's useInput hands each key to the CLI, which runs the pure
// homeKey() and re-renders. Kept apart from Home so the view itself reads no keys.
import { useInput } from "ink";
import { Home } from "./Home.tsx";
import type { HomeKey, HomeState } from "./homeState.ts";

export function HomeApp({ state, onKey }: { state: HomeState; onKey: (key: HomeKey) => void }) {
  useInput((input, key) => {
    onKey({ input, upArrow: key.upArrow, downArrow: key.downArrow, return: key.return, escape: key.escape, ctrl: key.ctrl });
  });
  return <Home state={state} />;
}
