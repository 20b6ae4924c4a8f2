# Sourced by run.sh and test.sh: installs what this repository needs and is missing, idempotently,
# saying what it does. Debian packages only when running as root (as on CI and the dev machines).
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

need_apt=()
command -v dotnet >/dev/null || { echo "The .NET SDK 10 is required (https://dot.net); dotnet is not on PATH." >&2; exit 1; }
# Programs the stack runs natively (the runner names any that are missing, but we install them first).
have() { command -v "$1" >/dev/null || [ -x "$2" ]; }
have python3 /usr/bin/python3 || need_apt+=(python3)
have setsid /usr/bin/setsid || need_apt+=(util-linux)
have postgres /usr/lib/postgresql/15/bin/postgres || need_apt+=(postgresql)
have redis-server /usr/bin/redis-server || need_apt+=(redis-server)
have nginx /usr/sbin/nginx || need_apt+=(nginx-light)
have node /usr/bin/node || need_apt+=(nodejs npm)
# The publishing tests validate the generated compose file with Debian's docker-compose (v1: `config` needs no engine).
have docker-compose /usr/bin/docker-compose || need_apt+=(docker-compose)
have chromium /usr/bin/chromium || need_apt+=(chromium)     # the dashboard's browser test (Playwright)
# The worker's libraries come from Debian (PyPI is not reachable here); its venv sees them.
for module in psycopg:python3-psycopg redis:python3-redis boto3:python3-boto3 ensurepip:python3-venv uvicorn:python3-uvicorn; do
  /usr/bin/python3 -c "import ${module%%:*}" 2>/dev/null || need_apt+=("${module#*:}")
done

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    say "Installing Debian packages: ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "Missing: ${need_apt[*]}. Install them with: sudo apt-get install ${need_apt[*]}" >&2
    exit 1
  fi
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
