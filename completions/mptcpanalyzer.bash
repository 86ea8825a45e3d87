_mptcpanalyzer() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="mptcpanalyzer"
                ;;
            mptcpanalyzer,cache)
                cmd="mptcpanalyzer__subcmd__cache"
                ;;
            mptcpanalyzer,completions)
                cmd="mptcpanalyzer__subcmd__completions"
                ;;
            mptcpanalyzer,config)
                cmd="mptcpanalyzer__subcmd__config"
                ;;
            mptcpanalyzer,doctor)
                cmd="mptcpanalyzer__subcmd__doctor"
                ;;
            mptcpanalyzer,help)
                cmd="mptcpanalyzer__subcmd__help"
                ;;
            mptcpanalyzer,list)
                cmd="mptcpanalyzer__subcmd__list"
                ;;
            mptcpanalyzer,man)
                cmd="mptcpanalyzer__subcmd__man"
                ;;
            mptcpanalyzer,map)
                cmd="mptcpanalyzer__subcmd__map"
                ;;
            mptcpanalyzer,owd)
                cmd="mptcpanalyzer__subcmd__owd"
                ;;
            mptcpanalyzer,pcap2csv)
                cmd="mptcpanalyzer__subcmd__pcap2csv"
                ;;
            mptcpanalyzer,plot)
                cmd="mptcpanalyzer__subcmd__plot"
                ;;
            mptcpanalyzer,plugins)
                cmd="mptcpanalyzer__subcmd__plugins"
                ;;
            mptcpanalyzer,receiver)
                cmd="mptcpanalyzer__subcmd__receiver"
                ;;
            mptcpanalyzer,reinjections)
                cmd="mptcpanalyzer__subcmd__reinjections"
                ;;
            mptcpanalyzer,shell)
                cmd="mptcpanalyzer__subcmd__shell"
                ;;
            mptcpanalyzer,stats)
                cmd="mptcpanalyzer__subcmd__stats"
                ;;
            mptcpanalyzer__subcmd__cache,clear)
                cmd="mptcpanalyzer__subcmd__cache__subcmd__clear"
                ;;
            mptcpanalyzer__subcmd__cache,help)
                cmd="mptcpanalyzer__subcmd__cache__subcmd__help"
                ;;
            mptcpanalyzer__subcmd__cache,list)
                cmd="mptcpanalyzer__subcmd__cache__subcmd__list"
                ;;
            mptcpanalyzer__subcmd__cache,path)
                cmd="mptcpanalyzer__subcmd__cache__subcmd__path"
                ;;
            mptcpanalyzer__subcmd__cache__subcmd__help,clear)
                cmd="mptcpanalyzer__subcmd__cache__subcmd__help__subcmd__clear"
                ;;
            mptcpanalyzer__subcmd__cache__subcmd__help,help)
                cmd="mptcpanalyzer__subcmd__cache__subcmd__help__subcmd__help"
                ;;
            mptcpanalyzer__subcmd__cache__subcmd__help,list)
                cmd="mptcpanalyzer__subcmd__cache__subcmd__help__subcmd__list"
                ;;
            mptcpanalyzer__subcmd__cache__subcmd__help,path)
                cmd="mptcpanalyzer__subcmd__cache__subcmd__help__subcmd__path"
                ;;
            mptcpanalyzer__subcmd__config,help)
                cmd="mptcpanalyzer__subcmd__config__subcmd__help"
                ;;
            mptcpanalyzer__subcmd__config,show)
                cmd="mptcpanalyzer__subcmd__config__subcmd__show"
                ;;
            mptcpanalyzer__subcmd__config__subcmd__help,help)
                cmd="mptcpanalyzer__subcmd__config__subcmd__help__subcmd__help"
                ;;
            mptcpanalyzer__subcmd__config__subcmd__help,show)
                cmd="mptcpanalyzer__subcmd__config__subcmd__help__subcmd__show"
                ;;
            mptcpanalyzer__subcmd__help,cache)
                cmd="mptcpanalyzer__subcmd__help__subcmd__cache"
                ;;
            mptcpanalyzer__subcmd__help,completions)
                cmd="mptcpanalyzer__subcmd__help__subcmd__completions"
                ;;
            mptcpanalyzer__subcmd__help,config)
                cmd="mptcpanalyzer__subcmd__help__subcmd__config"
                ;;
            mptcpanalyzer__subcmd__help,doctor)
                cmd="mptcpanalyzer__subcmd__help__subcmd__doctor"
                ;;
            mptcpanalyzer__subcmd__help,help)
                cmd="mptcpanalyzer__subcmd__help__subcmd__help"
                ;;
            mptcpanalyzer__subcmd__help,list)
                cmd="mptcpanalyzer__subcmd__help__subcmd__list"
                ;;
            mptcpanalyzer__subcmd__help,man)
                cmd="mptcpanalyzer__subcmd__help__subcmd__man"
                ;;
            mptcpanalyzer__subcmd__help,map)
                cmd="mptcpanalyzer__subcmd__help__subcmd__map"
                ;;
            mptcpanalyzer__subcmd__help,owd)
                cmd="mptcpanalyzer__subcmd__help__subcmd__owd"
                ;;
            mptcpanalyzer__subcmd__help,pcap2csv)
                cmd="mptcpanalyzer__subcmd__help__subcmd__pcap2csv"
                ;;
            mptcpanalyzer__subcmd__help,plot)
                cmd="mptcpanalyzer__subcmd__help__subcmd__plot"
                ;;
            mptcpanalyzer__subcmd__help,plugins)
                cmd="mptcpanalyzer__subcmd__help__subcmd__plugins"
                ;;
            mptcpanalyzer__subcmd__help,receiver)
                cmd="mptcpanalyzer__subcmd__help__subcmd__receiver"
                ;;
            mptcpanalyzer__subcmd__help,reinjections)
                cmd="mptcpanalyzer__subcmd__help__subcmd__reinjections"
                ;;
            mptcpanalyzer__subcmd__help,shell)
                cmd="mptcpanalyzer__subcmd__help__subcmd__shell"
                ;;
            mptcpanalyzer__subcmd__help,stats)
                cmd="mptcpanalyzer__subcmd__help__subcmd__stats"
                ;;
            mptcpanalyzer__subcmd__help__subcmd__cache,clear)
                cmd="mptcpanalyzer__subcmd__help__subcmd__cache__subcmd__clear"
                ;;
            mptcpanalyzer__subcmd__help__subcmd__cache,list)
                cmd="mptcpanalyzer__subcmd__help__subcmd__cache__subcmd__list"
                ;;
            mptcpanalyzer__subcmd__help__subcmd__cache,path)
                cmd="mptcpanalyzer__subcmd__help__subcmd__cache__subcmd__path"
                ;;
            mptcpanalyzer__subcmd__help__subcmd__config,show)
                cmd="mptcpanalyzer__subcmd__help__subcmd__config__subcmd__show"
                ;;
            mptcpanalyzer__subcmd__help__subcmd__plot,attr)
                cmd="mptcpanalyzer__subcmd__help__subcmd__plot__subcmd__attr"
                ;;
            mptcpanalyzer__subcmd__help__subcmd__plot,dsn)
                cmd="mptcpanalyzer__subcmd__help__subcmd__plot__subcmd__dsn"
                ;;
            mptcpanalyzer__subcmd__help__subcmd__plot,flight)
                cmd="mptcpanalyzer__subcmd__help__subcmd__plot__subcmd__flight"
                ;;
            mptcpanalyzer__subcmd__help__subcmd__plot,ofo)
                cmd="mptcpanalyzer__subcmd__help__subcmd__plot__subcmd__ofo"
                ;;
            mptcpanalyzer__subcmd__help__subcmd__plot,owd)
                cmd="mptcpanalyzer__subcmd__help__subcmd__plot__subcmd__owd"
                ;;
            mptcpanalyzer__subcmd__help__subcmd__plot,reinjections)
                cmd="mptcpanalyzer__subcmd__help__subcmd__plot__subcmd__reinjections"
                ;;
            mptcpanalyzer__subcmd__help__subcmd__plot,rtt)
                cmd="mptcpanalyzer__subcmd__help__subcmd__plot__subcmd__rtt"
                ;;
            mptcpanalyzer__subcmd__help__subcmd__plot,throughput)
                cmd="mptcpanalyzer__subcmd__help__subcmd__plot__subcmd__throughput"
                ;;
            mptcpanalyzer__subcmd__plot,attr)
                cmd="mptcpanalyzer__subcmd__plot__subcmd__attr"
                ;;
            mptcpanalyzer__subcmd__plot,dsn)
                cmd="mptcpanalyzer__subcmd__plot__subcmd__dsn"
                ;;
            mptcpanalyzer__subcmd__plot,flight)
                cmd="mptcpanalyzer__subcmd__plot__subcmd__flight"
                ;;
            mptcpanalyzer__subcmd__plot,help)
                cmd="mptcpanalyzer__subcmd__plot__subcmd__help"
                ;;
            mptcpanalyzer__subcmd__plot,ofo)
                cmd="mptcpanalyzer__subcmd__plot__subcmd__ofo"
                ;;
            mptcpanalyzer__subcmd__plot,owd)
                cmd="mptcpanalyzer__subcmd__plot__subcmd__owd"
                ;;
            mptcpanalyzer__subcmd__plot,reinjections)
                cmd="mptcpanalyzer__subcmd__plot__subcmd__reinjections"
                ;;
            mptcpanalyzer__subcmd__plot,rtt)
                cmd="mptcpanalyzer__subcmd__plot__subcmd__rtt"
                ;;
            mptcpanalyzer__subcmd__plot,throughput)
                cmd="mptcpanalyzer__subcmd__plot__subcmd__throughput"
                ;;
            mptcpanalyzer__subcmd__plot__subcmd__help,attr)
                cmd="mptcpanalyzer__subcmd__plot__subcmd__help__subcmd__attr"
                ;;
            mptcpanalyzer__subcmd__plot__subcmd__help,dsn)
                cmd="mptcpanalyzer__subcmd__plot__subcmd__help__subcmd__dsn"
                ;;
            mptcpanalyzer__subcmd__plot__subcmd__help,flight)
                cmd="mptcpanalyzer__subcmd__plot__subcmd__help__subcmd__flight"
                ;;
            mptcpanalyzer__subcmd__plot__subcmd__help,help)
                cmd="mptcpanalyzer__subcmd__plot__subcmd__help__subcmd__help"
                ;;
            mptcpanalyzer__subcmd__plot__subcmd__help,ofo)
                cmd="mptcpanalyzer__subcmd__plot__subcmd__help__subcmd__ofo"
                ;;
            mptcpanalyzer__subcmd__plot__subcmd__help,owd)
                cmd="mptcpanalyzer__subcmd__plot__subcmd__help__subcmd__owd"
                ;;
            mptcpanalyzer__subcmd__plot__subcmd__help,reinjections)
                cmd="mptcpanalyzer__subcmd__plot__subcmd__help__subcmd__reinjections"
                ;;
            mptcpanalyzer__subcmd__plot__subcmd__help,rtt)
                cmd="mptcpanalyzer__subcmd__plot__subcmd__help__subcmd__rtt"
                ;;
            mptcpanalyzer__subcmd__plot__subcmd__help,throughput)
                cmd="mptcpanalyzer__subcmd__plot__subcmd__help__subcmd__throughput"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        mptcpanalyzer)
            opts="-q -h -V --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help --version list pcap2csv stats map owd reinjections receiver plugins cache config completions doctor man shell plot help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__cache)
            opts="-q -h --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help path list clear help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__cache__subcmd__clear)
            opts="-q -h --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__cache__subcmd__help)
            opts="path list clear help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__cache__subcmd__help__subcmd__clear)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__cache__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__cache__subcmd__help__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__cache__subcmd__help__subcmd__path)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__cache__subcmd__list)
            opts="-f -q -h --format --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --format)
                    COMPREPLY=($(compgen -W "table csv json parquet" -- "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -W "table csv json parquet" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__cache__subcmd__path)
            opts="-q -h --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__completions)
            opts="-q -h --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__config)
            opts="-q -h --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help show help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__config__subcmd__help)
            opts="show help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__config__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__config__subcmd__help__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__config__subcmd__show)
            opts="-q -h --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__doctor)
            opts="-q -h --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help)
            opts="list pcap2csv stats map owd reinjections receiver plugins cache config completions doctor man shell plot help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__cache)
            opts="path list clear"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__cache__subcmd__clear)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__cache__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__cache__subcmd__path)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__config)
            opts="show"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__config__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__doctor)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__man)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__map)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__owd)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__pcap2csv)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__plot)
            opts="dsn attr throughput ofo owd reinjections rtt flight"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__plot__subcmd__attr)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__plot__subcmd__dsn)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__plot__subcmd__flight)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__plot__subcmd__ofo)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__plot__subcmd__owd)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__plot__subcmd__reinjections)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__plot__subcmd__rtt)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__plot__subcmd__throughput)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__plugins)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__receiver)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__reinjections)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__shell)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__help__subcmd__stats)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__list)
            opts="-j -f -o -q -h --jobs --list-columns --format --output --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help tcp mptcp"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --jobs)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -j)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv json parquet" -- "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -W "table csv json parquet" -- "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__man)
            opts="-q -h --dir --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__map)
            opts="-f -q -h --all --format --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help tcp mptcp"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --format)
                    COMPREPLY=($(compgen -W "table csv json parquet" -- "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -W "table csv json parquet" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__owd)
            opts="-f -q -h --tcp --mptcp --dest --per-packet --clock-offset --format --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --tcp)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mptcp)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dest)
                    COMPREPLY=($(compgen -W "client server both" -- "${cur}"))
                    return 0
                    ;;
                --clock-offset)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv json parquet" -- "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -W "table csv json parquet" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__pcap2csv)
            opts="-o -f -j -q -h --output --format --jobs --list-columns --tcp --mptcp --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "csv parquet" -- "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -W "csv parquet" -- "${cur}"))
                    return 0
                    ;;
                --jobs)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -j)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tcp)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mptcp)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot)
            opts="-q -h --list --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help dsn attr throughput ofo owd reinjections rtt flight help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot__subcmd__attr)
            opts="-o -q -h --tcp --mptcp --dest --skip --only --output --display --format --image-format --title --width --height --style --from --to --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --tcp)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mptcp)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dest)
                    COMPREPLY=($(compgen -W "client server both" -- "${cur}"))
                    return 0
                    ;;
                --skip)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --only)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --display)
                    COMPREPLY=($(compgen -W "inline viewer none" -- "${cur}"))
                    return 0
                    ;;
                --image-format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --title)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --width)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --height)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --style)
                    COMPREPLY=($(compgen -W "screen paper" -- "${cur}"))
                    return 0
                    ;;
                --from)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot__subcmd__dsn)
            opts="-o -q -h --dest --dack --dsn-from --dsn-to --skip --only --output --display --format --image-format --title --width --height --style --from --to --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --dest)
                    COMPREPLY=($(compgen -W "client server both" -- "${cur}"))
                    return 0
                    ;;
                --dsn-from)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dsn-to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --skip)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --only)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --display)
                    COMPREPLY=($(compgen -W "inline viewer none" -- "${cur}"))
                    return 0
                    ;;
                --image-format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --title)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --width)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --height)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --style)
                    COMPREPLY=($(compgen -W "screen paper" -- "${cur}"))
                    return 0
                    ;;
                --from)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot__subcmd__flight)
            opts="-o -q -h --tcp --mptcp --dest --output --display --format --image-format --title --width --height --style --from --to --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --tcp)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mptcp)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dest)
                    COMPREPLY=($(compgen -W "client server both" -- "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --display)
                    COMPREPLY=($(compgen -W "inline viewer none" -- "${cur}"))
                    return 0
                    ;;
                --image-format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --title)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --width)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --height)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --style)
                    COMPREPLY=($(compgen -W "screen paper" -- "${cur}"))
                    return 0
                    ;;
                --from)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot__subcmd__help)
            opts="dsn attr throughput ofo owd reinjections rtt flight help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot__subcmd__help__subcmd__attr)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot__subcmd__help__subcmd__dsn)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot__subcmd__help__subcmd__flight)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot__subcmd__help__subcmd__ofo)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot__subcmd__help__subcmd__owd)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot__subcmd__help__subcmd__reinjections)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot__subcmd__help__subcmd__rtt)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot__subcmd__help__subcmd__throughput)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot__subcmd__ofo)
            opts="-o -q -h --dest --skip --only --output --display --format --image-format --title --width --height --style --from --to --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --dest)
                    COMPREPLY=($(compgen -W "client server both" -- "${cur}"))
                    return 0
                    ;;
                --skip)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --only)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --display)
                    COMPREPLY=($(compgen -W "inline viewer none" -- "${cur}"))
                    return 0
                    ;;
                --image-format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --title)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --width)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --height)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --style)
                    COMPREPLY=($(compgen -W "screen paper" -- "${cur}"))
                    return 0
                    ;;
                --from)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot__subcmd__owd)
            opts="-o -q -h --tcp --mptcp --dest --clock-offset --output --display --format --image-format --title --width --height --style --from --to --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --tcp)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mptcp)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dest)
                    COMPREPLY=($(compgen -W "client server both" -- "${cur}"))
                    return 0
                    ;;
                --clock-offset)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --display)
                    COMPREPLY=($(compgen -W "inline viewer none" -- "${cur}"))
                    return 0
                    ;;
                --image-format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --title)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --width)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --height)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --style)
                    COMPREPLY=($(compgen -W "screen paper" -- "${cur}"))
                    return 0
                    ;;
                --from)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot__subcmd__reinjections)
            opts="-o -q -h --mptcp --dest --output --display --format --image-format --title --width --height --style --from --to --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --mptcp)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dest)
                    COMPREPLY=($(compgen -W "client server both" -- "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --display)
                    COMPREPLY=($(compgen -W "inline viewer none" -- "${cur}"))
                    return 0
                    ;;
                --image-format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --title)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --width)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --height)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --style)
                    COMPREPLY=($(compgen -W "screen paper" -- "${cur}"))
                    return 0
                    ;;
                --from)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot__subcmd__rtt)
            opts="-o -q -h --tcp --mptcp --dest --output --display --format --image-format --title --width --height --style --from --to --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --tcp)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mptcp)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dest)
                    COMPREPLY=($(compgen -W "client server both" -- "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --display)
                    COMPREPLY=($(compgen -W "inline viewer none" -- "${cur}"))
                    return 0
                    ;;
                --image-format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --title)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --width)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --height)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --style)
                    COMPREPLY=($(compgen -W "screen paper" -- "${cur}"))
                    return 0
                    ;;
                --from)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plot__subcmd__throughput)
            opts="-o -q -h --tcp --mptcp --window --dest --skip --only --output --display --format --image-format --title --width --height --style --from --to --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --tcp)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mptcp)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --window)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dest)
                    COMPREPLY=($(compgen -W "client server both" -- "${cur}"))
                    return 0
                    ;;
                --skip)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --only)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --display)
                    COMPREPLY=($(compgen -W "inline viewer none" -- "${cur}"))
                    return 0
                    ;;
                --image-format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --title)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --width)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --height)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --style)
                    COMPREPLY=($(compgen -W "screen paper" -- "${cur}"))
                    return 0
                    ;;
                --from)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__plugins)
            opts="-f -q -h --format --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --format)
                    COMPREPLY=($(compgen -W "table csv json parquet" -- "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -W "table csv json parquet" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__receiver)
            opts="-f -q -h --mptcp --dest --format --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --mptcp)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dest)
                    COMPREPLY=($(compgen -W "client server both" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv json parquet" -- "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -W "table csv json parquet" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__reinjections)
            opts="-f -q -h --mptcp --dest --format --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --mptcp)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dest)
                    COMPREPLY=($(compgen -W "client server both" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv json parquet" -- "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -W "table csv json parquet" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__shell)
            opts="-c -q -h --command --keep-going --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --command)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -c)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        mptcpanalyzer__subcmd__stats)
            opts="-j -f -o -q -h --jobs --dest --detail --list-columns --format --output --config --backend --tshark --tshark-timeout --cache-dir --no-cache --regen --quiet --no-progress --color --time-origin --help tcp mptcp"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --jobs)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -j)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dest)
                    COMPREPLY=($(compgen -W "client server both" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv json parquet" -- "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -W "table csv json parquet" -- "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend)
                    COMPREPLY=($(compgen -W "native tshark" -- "${cur}"))
                    return 0
                    ;;
                --tshark)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tshark-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --time-origin)
                    COMPREPLY=($(compgen -W "capture connection epoch" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _mptcpanalyzer -o nosort -o bashdefault -o default mptcpanalyzer
else
    complete -F _mptcpanalyzer -o bashdefault -o default mptcpanalyzer
fi

# Connection ids of the capture on the line (mptcpanalyzer __complete), else the above.
_mptcpanalyzer_data() {
    local cands
    cands=$("${COMP_WORDS[0]}" __complete --shell bash --cword "$COMP_CWORD" -- "${COMP_WORDS[@]}" 2>/dev/null)
    if [[ -n "$cands" ]]; then
        local line
        COMPREPLY=()
        while IFS= read -r line; do COMPREPLY+=("$line"); done <<< "$cands"
        return 0
    fi
    _mptcpanalyzer "$@"
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _mptcpanalyzer_data -o nosort -o bashdefault -o default mptcpanalyzer
else
    complete -F _mptcpanalyzer_data -o bashdefault -o default mptcpanalyzer
fi
