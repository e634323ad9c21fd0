/**
 * True when a symlink at `path` pointing to `target` may resolve outside the tree: an absolute
 * target (a Windows drive too), more leading `..` than the link has parent directories, or a
 * `..` after a name. The last is refused although it looks harmless once normalised: `a/../..`
 * climbs out when `a` is itself a symlink, and the tree's other symlinks are not known here. A
 * backslash counts as a separator, as it does in a Windows checkout.
 */
export function linkEscapes(path: string, target: string): boolean {
  if (/^(?:[/\\]|[A-Za-z]:)/.test(target) || target === "") return true;
  const depth = path.split("/").length - 1;
  let climbs = 0;
  let named = false;
  for (const part of target.split(/[/\\]/)) {
    if (part === "" || part === ".") continue;
    if (part !== "..") {
      named = true;
    } else if (named || ++climbs > depth) {
      return true;
    }
  }
  return false;
}
