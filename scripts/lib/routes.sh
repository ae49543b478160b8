# The gateway's route table, gateway/routes.conf: read by scripts/gateway.sh (the local nginx) and
# docker/kong/render-kong.sh (Kong's kong.yml). Source it after common.sh (it uses _stack_expand
# and die).
# shellcheck shell=bash

# read_routes FILE: reads the route table into SERVICE_NAMES (in file order), SERVICE_LOCAL
# (name -> local upstream, settings expanded, or "-"), SERVICE_DOCKER (name -> Kong service URL),
# SERVICE_INSTANCES (name -> how many instances, settings expanded; 1 when not given),
# ROUTE_LINES ("name host path service phantom_token cors stream") and CORS_METHODS_LIST,
# CORS_HEADERS_LIST, CORS_EXPOSED_HEADERS_LIST (comma-separated) and CORS_MAX_AGE.
read_routes() {
  declare -gA SERVICE_LOCAL=() SERVICE_DOCKER=() SERVICE_INSTANCES=()
  declare -ga SERVICE_NAMES=() ROUTE_LINES=()
  CORS_METHODS_LIST="" CORS_HEADERS_LIST="" CORS_EXPOSED_HEADERS_LIST="" CORS_MAX_AGE=""
  local kind a b c d e f g
  while read -r kind a b c d e f g; do
    case $kind in
      "") ;;
      service) SERVICE_NAMES+=("$a"); SERVICE_LOCAL[$a]=$b; SERVICE_DOCKER[$a]=$c
               [[ $b == - ]] || SERVICE_LOCAL[$a]=$(_stack_expand "$b")
               SERVICE_INSTANCES[$a]=$(_stack_expand "${d:-1}")
               [[ ${SERVICE_INSTANCES[$a]} =~ ^[1-9][0-9]*$ ]] \
                 || die "gateway/routes.conf: instances of service $a must be a whole number from 1 (is '${SERVICE_INSTANCES[$a]}')" ;;
      route) [[ -n ${SERVICE_LOCAL[$d]+x} ]] || die "gateway/routes.conf: route $a uses unknown service $d"
             ROUTE_LINES+=("$a $b $c $d $e $f $g") ;;
      cors)
        case $a in
          methods) CORS_METHODS_LIST=$b ;; headers) CORS_HEADERS_LIST=$b ;;
          exposed_headers) CORS_EXPOSED_HEADERS_LIST=$b ;; max_age) CORS_MAX_AGE=$b ;;
          *) die "gateway/routes.conf: unknown cors line $a" ;;
        esac ;;
      *) die "gateway/routes.conf: unknown line '$kind $a ...'" ;;
    esac
  done < <(sed -e 's/#.*//' "$1")
}

