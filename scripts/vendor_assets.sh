#!/usr/bin/env bash
# Refreshes the admin page's vendored front-end files from the npm registry.
# The versions are pinned in package.json and package-lock.json; the copied files under
# app/admin/static/vendor/ are committed, so running the app needs neither node nor a build.
# Run after changing a version:  scripts/vendor_assets.sh  (then commit the lockfile and files)
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --ignore-scripts --no-audit --no-fund
dest=app/admin/static/vendor
mkdir -p "$dest"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx.min.js"
cp node_modules/echarts/dist/echarts.min.js "$dest/echarts.min.js"
cp node_modules/@picocss/pico/css/pico.min.css "$dest/pico.min.css"
for pkg in htmx.org echarts @picocss/pico; do
  node -e "const p=require('./node_modules/$pkg/package.json');console.log(p.name+' '+p.version+' '+p.license)"
done >"$dest/VERSIONS.txt"
cat "$dest/VERSIONS.txt"
