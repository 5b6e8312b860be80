#!/usr/bin/env bash
# Cuts a runwarden release: the Action (action.yml + action/dist/) and the reusable workflow
# (.github/workflows/runwarden-deploy.yml) live in this repository, so one tag versions both.
#
#   scripts/release.sh X.Y.Z
#
# Refuses (exit 1, nothing changed) unless: the working tree is clean, HEAD is on the release branch
# (main, or $RELEASE_BRANCH), package.json's version is X.Y.Z and the tag vX.Y.Z does not exist.
# Then builds (npm run build, npm run build:action), runs the full test suite, checks that the
# committed action/dist/ equals the fresh build (the tree is still clean), creates the annotated tag
# vX.Y.Z and moves the major tag vX to it. It never pushes: it prints the two push commands.
# Exit 2: bad usage. docs/release.md describes the process.
set -euo pipefail

usage() {
  echo "usage: scripts/release.sh X.Y.Z   (e.g. scripts/release.sh 1.4.0)" >&2
  exit 2
}
refuse() {
  echo "release: refused: $*" >&2
  exit 1
}

[ "$#" -eq 1 ] || usage
version="$1"
[[ "$version" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]] || usage
major="v${BASH_REMATCH[1]}"
tag="v$version"
branch="${RELEASE_BRANCH:-main}"

cd "$(git rev-parse --show-toplevel)"

dirty="$(git status --porcelain --untracked-files=normal)"
[ -z "$dirty" ] || refuse "the working tree has uncommitted or untracked changes (commit or remove them first):
$dirty"
current="$(git rev-parse --abbrev-ref HEAD)"
[ "$current" = "$branch" ] || refuse "HEAD is on '$current', not on the release branch '$branch' (set RELEASE_BRANCH to release from another)"
package_version="$(node -p 'require("./package.json").version')"
[ "$package_version" = "$version" ] || refuse "package.json says version $package_version, not $version: bump it in a commit first"
if git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then
  refuse "tag $tag already exists (a release is never re-cut: release the next patch version)"
fi

echo "release: building"
npm run --silent build
npm run --silent build:action
echo "release: running the full test suite"
npm test
after="$(git status --porcelain --untracked-files=normal)"
[ -z "$after" ] || refuse "the fresh build or the tests changed the tree (is action/dist/ committed from this source?):
$after"

git tag -a "$tag" -m "runwarden $tag"
git tag -f -a "$major" -m "runwarden $major (now $tag)" "$tag^{commit}"
echo "release: tagged $tag and moved $major to $(git rev-parse --short "$tag^{commit}")"
echo "push them with:"
echo "  git push origin $tag"
echo "  git push --force origin $major"
