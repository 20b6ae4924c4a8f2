# Sourced by run.sh and test.sh: installs what this repository needs and is missing, idempotently,
# saying what it does. Debian packages only when running as root (as on CI and the dev machines).
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

need_apt=()
command -v dotnet >/dev/null || { echo "The .NET SDK 10 is required (https://dot.net); dotnet is not on PATH." >&2; exit 1; }
command -v python3 >/dev/null || need_apt+=(python3)
command -v setsid >/dev/null || need_apt+=(util-linux)
command -v bash >/dev/null || need_apt+=(bash)

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
