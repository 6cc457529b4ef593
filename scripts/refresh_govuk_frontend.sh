#!/usr/bin/env bash
# Refresh the vendored GOV.UK Frontend under static/govuk/ and rebuild
# static/css/app.css from static/css/app.scss.
#
# Usage: scripts/refresh_govuk_frontend.sh [VERSION]   (default 5.14.0)
#
# Needs node + npm and the npm registry; nothing else is fetched. npm installs
# into a throw-away temporary directory, so no node_modules/ is left in the
# repository. Running it twice with the same version gives the same files.
#
# Deliberately NOT vendored (Grassroots is not a gov.uk service): the crown,
# the royal crest, the GOV.UK logo and icons, and the GDS Transport font.
set -euo pipefail

VERSION="${1:-5.14.0}"
# Pin the Sass compiler too, so app.css only changes when we mean it to.
SASS_VERSION="${SASS_VERSION:-1.108.2}"

if [[ ! "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "error: version must look like 5.14.0, got '$VERSION'" >&2
  exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCSS="$ROOT/static/css/app.scss"
CSS="$ROOT/static/css/app.css"
DEST="$ROOT/static/govuk"

# Images from dist/govuk/assets/images/ that we copy. Empty on purpose: every
# image in GOV.UK Frontend 5.14.0 is a crown, the crest or the GOV.UK logo
# (favicon.ico/.svg, govuk-icon-*.png, govuk-icon-mask.svg, govuk-crest.svg,
# govuk-opengraph-image.png). Add a name here only after looking at it.
IMAGES=()
# Names we refuse to copy whatever IMAGES says.
FORBIDDEN_IMAGE_RE='(crown|crest|govuk-icon|govuk-logo|opengraph|favicon)'

for cmd in node npm; do
  command -v "$cmd" >/dev/null || { echo "error: $cmd is not installed" >&2; exit 1; }
done
[[ -f "$SCSS" ]] || { echo "error: $SCSS not found" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/govuk-frontend.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

echo "==> Installing govuk-frontend@$VERSION and sass@$SASS_VERSION in $WORK"
printf '{ "name": "govuk-frontend-refresh", "private": true }\n' >"$WORK/package.json"
(cd "$WORK" && npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
  "govuk-frontend@$VERSION" "sass@$SASS_VERSION" >/dev/null)

PKG="$WORK/node_modules/govuk-frontend"
DIST="$PKG/dist/govuk"
GOT="$(node -p "require('$PKG/package.json').version")"
if [[ "$GOT" != "$VERSION" ]]; then
  echo "error: npm installed govuk-frontend $GOT, wanted $VERSION" >&2
  exit 1
fi

echo "==> Compiling static/css/app.scss -> static/css/app.css (compressed)"
# --quiet-deps and --silence-deprecation=import hide the @import deprecation
# warnings that GOV.UK Frontend 5 (and our @import of it) trigger in Dart Sass.
"$WORK/node_modules/.bin/sass" \
  --style=compressed --no-source-map --no-error-css \
  --load-path="$WORK" \
  --quiet-deps --silence-deprecation=import \
  "$SCSS" "$WORK/app.css"
# End the file with a newline so re-runs and diffs are stable.
[[ -n "$(tail -c1 "$WORK/app.css")" ]] && echo >>"$WORK/app.css"
cp "$WORK/app.css" "$CSS"
echo "    wrote static/css/app.css ($(wc -c <"$CSS") bytes)"

echo "==> Copying the JavaScript (ES module)"
mkdir -p "$DEST"
# Drop the sourceMappingURL comment: the .map is not vendored, and Django's
# ManifestStaticFilesStorage (and whitenoise's) fails collectstatic on a
# sourceMappingURL that points at a missing file.
sed -e 's@//# sourceMappingURL=[^[:space:]]*$@@' "$DIST/govuk-frontend.min.js" >"$DEST/govuk-frontend.min.js"
echo "    wrote static/govuk/govuk-frontend.min.js ($(wc -c <"$DEST/govuk-frontend.min.js") bytes)"

echo "==> Copying images"
# Start from an empty assets folder so an image dropped from IMAGES (or a
# crown copied by an older script) does not linger.
rm -rf "$DEST/assets"
if ((${#IMAGES[@]})); then
  mkdir -p "$DEST/assets/images"
  for img in "${IMAGES[@]}"; do
    if [[ "$img" =~ $FORBIDDEN_IMAGE_RE ]]; then
      echo "error: refusing to copy $img (crown/crest/GOV.UK logo)" >&2
      exit 1
    fi
    cp "$DIST/assets/images/$img" "$DEST/assets/images/$img"
    echo "    copied assets/images/$img"
  done
else
  echo "    none: every image in $VERSION is a crown, crest or GOV.UK logo (see IMAGES)"
fi
echo "    fonts: none (GDS Transport is not used)"

printf '%s\n' "$VERSION" >"$DEST/VERSION"
echo "==> Wrote static/govuk/VERSION ($VERSION)"

echo "==> Checking the output"
fail=0
if grep -qi 'GDS Transport' "$CSS"; then
  echo "    FAIL: app.css mentions GDS Transport" >&2; fail=1
fi
if grep -qi '@font-face' "$CSS"; then
  echo "    FAIL: app.css has an @font-face rule" >&2; fail=1
fi
if grep -Eqi 'url\([^)]*\.(woff2?|ttf|otf|eot)' "$CSS"; then
  echo "    FAIL: app.css points at a font file" >&2; fail=1
fi
if grep -qi 'crest\|crown' <(grep -o 'url([^)]*)' "$CSS"); then
  echo "    FAIL: app.css points at the crown/crest" >&2; fail=1
fi
if grep -Eqi 'url\(["'\'']?(https?:)?//' "$CSS"; then
  echo "    FAIL: app.css loads something from another origin" >&2; fail=1
fi
if [[ -d "$DEST/assets" ]] && find "$DEST/assets" -iregex '.*\(woff2?\|ttf\|otf\|eot\)$' | grep -q .; then
  echo "    FAIL: font files under static/govuk/assets" >&2; fail=1
fi
if ((fail)); then
  exit 1
fi
echo "    ok: no GDS Transport, no @font-face, no font or crest URL, no other origin"
echo "==> Done: GOV.UK Frontend $VERSION vendored in static/govuk/"
