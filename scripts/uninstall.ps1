<#
.SYNOPSIS
Removes what scripts\install.ps1 installed on Windows, exactly.

.DESCRIPTION
Reads "%LOCALAPPDATA%\Programs\Opt-Out Guard\installed-files.txt" and removes the files and registry
keys listed there, then the record, then the folders it created if they are empty (the host's
remembered state, in "%LOCALAPPDATA%\Opt-Out Guard", is kept; delete that folder to forget everything).
Harmless to run twice.

.EXAMPLE
powershell -ExecutionPolicy Bypass -File scripts\uninstall.ps1
#>
[CmdletBinding()]
param()

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$InstallDir = Join-Path $env:LOCALAPPDATA 'Programs\Opt-Out Guard'  # the installer's folder
$RecordPath = Join-Path $InstallDir 'installed-files.txt'

if (-not (Test-Path -LiteralPath $RecordPath)) {
    Write-Output "Nothing to remove: no record of an install at $RecordPath."
    exit 0
}
$entries = @(Get-Content -LiteralPath $RecordPath | Where-Object { $_ -match '^(dir|file|registry) ' })

$removed = 0
foreach ($entry in $entries) {
    $what, $path = $entry.Split(' ', 2)
    if ($what -eq 'file' -and (Test-Path -LiteralPath $path -PathType Leaf)) {
        Remove-Item -LiteralPath $path -Force
        Write-Output "removed $path"
        $removed++
    } elseif ($what -eq 'registry' -and $path.StartsWith('HKCU:\') -and (Test-Path -LiteralPath $path)) {
        Remove-Item -LiteralPath $path -Recurse -Force
        Write-Output "removed $path"
        $removed++
    }
}
Remove-Item -LiteralPath $RecordPath -Force

# Folders last, newest first, and only when empty.
[array]::Reverse($entries)
foreach ($entry in $entries) {
    $what, $path = $entry.Split(' ', 2)
    if ($what -eq 'dir' -and (Test-Path -LiteralPath $path -PathType Container) -and
        -not (Get-ChildItem -LiteralPath $path -Force | Select-Object -First 1)) {
        Remove-Item -LiteralPath $path -Force
        Write-Output "removed $path\"
    }
}
Write-Output "Opt-Out Guard's host is uninstalled ($removed files and keys removed)."
