<#
.SYNOPSIS
Installs Opt-Out Guard's native host for the current user on Windows and registers it with the browsers.

.DESCRIPTION
For developers: installs a host built from source without building the installer (users run
OptOutGuard-Setup-<version>.exe, docs\install.md). Copies optout-guard-host.exe to the installer's
folder, "%LOCALAPPDATA%\Programs\Opt-Out Guard" (so the two replace each other rather than register
two hosts), writes the two host manifests there
(filled from manifests\chromium.json.in and manifests\firefox.json.in, the templates scripts/install.sh
and CMake fill too) and points each browser's registry key (the windows rows of manifests\locations.txt:
HKCU\Software\Google\Chrome\NativeMessagingHosts\<host name>, Chromium, Microsoft\Edge,
BraveSoftware\Brave-Browser, Vivaldi, Mozilla) at its manifest. Needs no administrator rights.
Everything written is listed in installed-files.txt in that folder; scripts\uninstall.ps1 removes
exactly that. Running it again is harmless. Ends by running `optout-guard-host doctor`.

.PARAMETER Binary
The host to install. Default: the first of build\windows\native-host\optout-guard-host.exe (the
mingw-w64 cross-build), build\release\native-host\optout-guard-host.exe that exists.

.PARAMETER Browser
Register only for these browsers (chrome, chromium, edge, brave, vivaldi, opera, firefox). Default: all;
a registry key for a browser that is not installed does no harm.

.PARAMETER ExtensionId
Further Chromium extension ids to allow (for example a store id), besides the fixed one derived from
the key in extension\manifest.base.json (the host prints it: optout-guard-host ids).

.EXAMPLE
powershell -ExecutionPolicy Bypass -File scripts\install.ps1
#>
[CmdletBinding()]
param(
    [string]$Binary = '',
    [string[]]$Browser = @(),
    [string[]]$ExtensionId = @()
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$Root = Split-Path -Parent $PSScriptRoot
$InstallDir = Join-Path $env:LOCALAPPDATA 'Programs\Opt-Out Guard'  # the installer's folder
$RecordPath = Join-Path $InstallDir 'installed-files.txt'

# The windows rows of manifests\locations.txt: browser, manifest kind and registry key.
function Get-BrowserLocations {
    Get-Content -LiteralPath (Join-Path $Root 'manifests\locations.txt') |
        Where-Object { $_ -notmatch '^\s*(#|$)' } |
        ForEach-Object {
            $fields = $_.Split('|')
            if ($fields.Count -eq 5 -and $fields[0] -eq 'windows' -and $fields[2] -eq 'user') {
                [pscustomobject]@{ Browser = $fields[1]; Kind = $fields[3]; Key = $fields[4] }
            }
        }
}

# The names the host was built with (protocol/contract.json; the Chromium id derived once, by
# cmake/extension-id.cmake): `optout-guard-host ids` prints them as name=value lines.
function Get-HostIds([string]$HostBinary) {
    $ids = (& $HostBinary ids) -join "`n" | ConvertFrom-StringData
    foreach ($name in 'host_name', 'chromium_extension_id', 'firefox_addon_id') {
        if (-not $ids[$name]) { throw "$HostBinary ids did not print $name." }
    }
    $ids
}

function ConvertTo-JsonString([string]$Text) {
    $Text.Replace('\', '\\').Replace('"', '\"')
}

# UTF-8 without a byte-order mark: browsers read the manifest as plain JSON.
function Write-Utf8File([string]$Path, [string]$Text) {
    [System.IO.File]::WriteAllText($Path, $Text, (New-Object System.Text.UTF8Encoding $false))
}

$Record = New-Object System.Collections.Generic.List[string]
function Add-RecordEntry([string]$Entry) {
    if (-not $Record.Contains($Entry)) { $Record.Add($Entry) }
}
if (Test-Path -LiteralPath $RecordPath) {
    Get-Content -LiteralPath $RecordPath | Where-Object { $_ -match '^(dir|file|registry) ' } | ForEach-Object { Add-RecordEntry $_ }
}

# 1. The binary.
if (-not $Binary) {
    $candidates = @('build\windows\native-host\optout-guard-host.exe', 'build\release\native-host\optout-guard-host.exe') |
        ForEach-Object { Join-Path $Root $_ } | Where-Object { Test-Path -LiteralPath $_ }
    if (-not $candidates) { throw 'No optout-guard-host.exe found: build it (see docs\install.md) or give -Binary PATH.' }
    $Binary = @($candidates)[0]
}
if (-not (Test-Path -LiteralPath $Binary -PathType Leaf)) { throw "-Binary $Binary is not a file." }
$ids = Get-HostIds $Binary
$HostName = $ids['host_name']

$locations = @(Get-BrowserLocations)
$known = @($locations | ForEach-Object { $_.Browser } | Select-Object -Unique)
foreach ($name in $Browser) {
    if ($known -notcontains $name) { throw "Unknown browser '$name' (known: $($known -join ', '))." }
}
foreach ($id in $ExtensionId) {
    if ($id -notmatch '^[a-p]{32}$') { throw "-ExtensionId '$id' is not a Chromium extension id (32 letters a-p)." }
}

if (-not (Test-Path -LiteralPath $InstallDir)) {
    New-Item -ItemType Directory -Path $InstallDir | Out-Null
    Add-RecordEntry "dir $InstallDir"
}
$hostPath = Join-Path $InstallDir 'optout-guard-host.exe'
Copy-Item -LiteralPath $Binary -Destination $hostPath -Force
Add-RecordEntry "file $hostPath"

# 2. One manifest per kind, filled from the shared templates.
$origins = @($ids['chromium_extension_id']) + $ExtensionId | ForEach-Object { '"chrome-extension://' + $_ + '/"' }
$manifests = @{}
foreach ($kind in 'chromium', 'firefox') {
    $text = Get-Content -Raw -LiteralPath (Join-Path $Root "manifests\$kind.json.in")
    $text = $text.Replace('@OPTOUT_HOST_NAME@', $HostName).Replace('@OPTOUT_FIREFOX_ADDON_ID@', $ids['firefox_addon_id'])
    $text = $text.Replace('@OPTOUT_HOST_PATH@', (ConvertTo-JsonString $hostPath)).Replace('@OPTOUT_ALLOWED_ORIGINS@', ($origins -join ', '))
    $path = Join-Path $InstallDir "$HostName.$kind.json"
    Write-Utf8File $path $text
    Add-RecordEntry "file $path"
    $manifests[$kind] = $path
}

# 3. The registry keys: each one's default value is the manifest's path.
$registered = @()
foreach ($location in $locations) {
    if ($Browser.Count -gt 0 -and $Browser -notcontains $location.Browser) { continue }
    $key = 'HKCU:\' + $location.Key.Substring($location.Key.IndexOf('\') + 1) + '\' + $HostName
    if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
    Set-Item -LiteralPath $key -Value $manifests[$location.Kind]
    Add-RecordEntry "registry $key"
    $registered += "  $($location.Browser): $key"
}

Write-Utf8File $RecordPath ((@("# Written by Opt-Out Guard's scripts\install.ps1; scripts\uninstall.ps1 removes these.") + $Record) -join "`r`n")

Write-Output "Installed the host: $hostPath"
Write-Output "Registered $HostName with:"
$registered | Select-Object -Unique | Write-Output
Write-Output "Files and keys written are listed in $RecordPath; scripts\uninstall.ps1 removes them."
Write-Output ''
Write-Output "The extension (built by ``node scripts/build-extension``):"
Write-Output "  Chrome, Edge, Brave, Vivaldi, Opera: $(Join-Path $Root 'build\extension\chromium')"
Write-Output '    open chrome://extensions (edge://extensions), switch on Developer mode, Load unpacked, choose that folder.'
Write-Output "  Firefox: $(Join-Path $Root 'build\extension\firefox')"
Write-Output '    open about:debugging#/runtime/this-firefox, Load Temporary Add-on..., choose manifest.json there.'
Write-Output ''

$doctorArgs = @('doctor')
foreach ($name in $Browser) { $doctorArgs += @('--browser', $name) }
foreach ($id in $ExtensionId) { $doctorArgs += @('--extension-id', $id) }
& $hostPath @doctorArgs
exit $LASTEXITCODE
