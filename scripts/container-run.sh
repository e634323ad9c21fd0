#!/usr/bin/env bash
# Starts the built server the way the Docker image does, for hosts without a container daemon
# (CI, this repository's tests): what the Dockerfile sets up, step by step.
#
#   scripts/container-run.sh [--env-file FILE] [--key FILE] [--data DIR] [--run-dir DIR] [--dist DIR]
#
#   --env-file FILE  KEY=VALUE lines, read as `docker run --env-file` reads them: no quotes, no
#                    multi-line values (a PEM key cannot be one: use --key or PRIVATE_KEY_PATH);
#                    `KEY` alone passes this shell's value; `#` starts a comment line
#   --key FILE       the app's private key, given to the server as a file only its user can
#                    read, like `-v key.pem:/run/secrets/nightshift.pem:ro -e PRIVATE_KEY_PATH=…`
#   --data DIR       the volume mounted at /data (default: a new directory in the run dir)
#   --run-dir DIR    where the read-only app copy, HOME and the key go (default: mktemp -d);
#                    left in place after the server exits
#   --dist DIR       the build to run (default: ./dist; `npm run build` first)
#
# As the image: the app directory is a read-only copy of dist/, package.json, app.yml and the
# production dependencies only; the environment is only the image's (NODE_ENV=production,
# HOST=0.0.0.0, PORT=3000, NIGHTSHIFT_DATA_DIR=/data, NIGHTSHIFT_HOST_CONFIG=/data/host.yml, here
# with the data directory's real path) plus the env file; the server runs as uid/gid 10001 when
# this script runs as root (setpriv), else as the calling user (said on stderr); `exec` hands
# signals to node as tini does.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
env_file="" key="" data="" run_dir="" dist="$root/dist"
while [ $# -gt 0 ]; do
  case "$1" in
    --env-file) env_file="$2"; shift 2 ;;
    --key) key="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --run-dir) run_dir="$2"; shift 2 ;;
    --dist) dist="$2"; shift 2 ;;
    *) echo "container-run: unknown option $1" >&2; exit 2 ;;
  esac
done

run_dir="${run_dir:-$(mktemp -d -t nightshift-container-XXXXXX)}"
mkdir -p "$run_dir"
# Other users must reach the app copy, as they can reach / in a container.
chmod 755 "$run_dir"
data="${data:-$run_dir/data}"
mkdir -p "$data" "$run_dir/home"

# The image's environment, then the env file's lines (docker's rules).
vars=(
  "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  "HOME=$run_dir/home"
  "NODE_ENV=production"
  "HOST=0.0.0.0"
  "PORT=3000"
  "NIGHTSHIFT_DATA_DIR=$data"
  "NIGHTSHIFT_HOST_CONFIG=$data/host.yml"
)
if [ -n "$env_file" ]; then
  line_no=0
  while IFS= read -r line || [ -n "$line" ]; do
    line_no=$((line_no + 1))
    line="${line#"${line%%[![:space:]]*}"}"
    case "$line" in '' | '#'*) continue ;; esac
    name="${line%%=*}"
    if ! [[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
      echo "container-run: $env_file line $line_no is not KEY=VALUE (a multi-line value? env files carry one line per variable: give the key as a file)" >&2
      exit 2
    fi
    if [ "$name" = PRIVATE_KEY ] && [[ "$line" == *"-----BEGIN"* && "$line" != *"-----END"* ]]; then
      echo "container-run: $env_file line $line_no: PRIVATE_KEY ends at the line break (env files carry one line per variable): use --key (PRIVATE_KEY_PATH), or one line with \\n" >&2
      exit 2
    fi
    if [ "$name" = "$line" ]; then
      # `KEY` alone: this shell's value, if it has one.
      [ -n "${!name+x}" ] && vars+=("$name=${!name}")
    else
      vars+=("$line")
    fi
  done <"$env_file"
fi

node "$root/scripts/container-app.mjs" "$run_dir/app" "$dist"

if [ -n "$key" ]; then
  mkdir -p "$run_dir/secrets"
  install -m 600 "$key" "$run_dir/secrets/nightshift.pem"
  vars+=("PRIVATE_KEY_PATH=$run_dir/secrets/nightshift.pem")
fi

as_user=()
if [ "$(id -u)" = 0 ]; then
  if command -v setpriv >/dev/null; then
    # The image's user: uid 10001, owning the data volume, its HOME and its key, nothing else.
    chown -R 10001:10001 "$data" "$run_dir/home"
    [ -n "$key" ] && chown 10001:10001 "$run_dir/secrets/nightshift.pem"
    as_user=(setpriv --reuid=10001 --regid=10001 --clear-groups --no-new-privs)
  else
    echo "container-run: setpriv not found: the server runs as root, unlike the image" >&2
  fi
else
  echo "container-run: not root: the server runs as $(id -un), not the image's uid 10001" >&2
fi

if [ ${#as_user[@]} -gt 0 ] && ! "${as_user[@]}" test -r "$run_dir/app/dist/main.js"; then
  echo "container-run: uid 10001 cannot reach $run_dir/app: pick a --run-dir whose parent directories others may enter" >&2
  exit 1
fi

cd "$run_dir/app"
exec "${as_user[@]}" env -i "${vars[@]}" "$(command -v node)" dist/main.js
