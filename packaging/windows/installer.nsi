; Opt-Out Guard's Windows installer: OptOutGuard-Setup-<version>.exe. Built by the CMake target
; `windows-installer` (cmake/windows-installer.cmake), which generates the two includes: the version,
; ids and registry keys (from manifests/locations.txt), and the list of files to install and remove.
; Per user, no administrator rights: the host, its manifests, the rules and the extension go to
; %LOCALAPPDATA%\Programs\Opt-Out Guard, the keys to HKCU. Silent: /S (and /D=FOLDER to choose the
; folder). The uninstaller removes exactly what was installed; it keeps the remembered state
; (%LOCALAPPDATA%\Opt-Out Guard, the host's state directory: native-host/src/paths.cpp) unless run
; with /FORGET or the user says so when asked.

Unicode true
Target amd64-unicode  ; the host is x86-64; a 32-bit stub would not even start on 64-bit-only Wine
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

!include "${OPTOUT_INCLUDE}/optout-guard-config.nsh"
!include "${OPTOUT_INCLUDE}/optout-guard-files.nsh"
!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

!define OPTOUT_PRODUCT "Opt-Out Guard"
!define OPTOUT_UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\OptOutGuard"
!define OPTOUT_STATE_DIR "$LOCALAPPDATA\Opt-Out Guard"

Name "${OPTOUT_PRODUCT}"
OutFile "${OPTOUT_OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${OPTOUT_PRODUCT}"
InstallDirRegKey HKCU "${OPTOUT_UNINSTALL_KEY}" "InstallLocation"
ShowInstDetails show
ShowUninstDetails show
BrandingText "${OPTOUT_PRODUCT} ${OPTOUT_VERSION}"

VIProductVersion "${OPTOUT_VERSION}.0"
VIAddVersionKey "ProductName" "${OPTOUT_PRODUCT}"
VIAddVersionKey "ProductVersion" "${OPTOUT_VERSION}"
VIAddVersionKey "FileVersion" "${OPTOUT_VERSION}"
VIAddVersionKey "FileDescription" "${OPTOUT_PRODUCT} setup"
VIAddVersionKey "LegalCopyright" "Opt-Out Guard maintainers"

!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "This installs the helper program of the ${OPTOUT_PRODUCT} browser extension for you alone (no administrator rights), registers it with Chrome, Edge, Brave, Vivaldi, Opera, Chromium and Firefox, and puts the extension itself beside it.$\r$\n$\r$\nOpt-Out Guard tells you which LinkedIn privacy opt-outs are still on. It sends nothing anywhere."
!define MUI_FINISHPAGE_TITLE "Now add the extension to your browser"
!define MUI_FINISHPAGE_TEXT "The extension is not in the browsers' stores yet. In Chrome, Edge, Brave, Vivaldi or Opera: open chrome://extensions (edge://extensions), switch on Developer mode, click Load unpacked and choose the folder$\r$\n$INSTDIR\extension\chromium$\r$\n$\r$\nIn Firefox: about:debugging, This Firefox, Load Temporary Add-on, and choose manifest.json in extension\firefox.$\r$\n$\r$\nThe steps are in $\"Add the extension.txt$\" in the same folder."
!define MUI_FINISHPAGE_SHOWREADME "$INSTDIR\Add the extension.txt"
!define MUI_FINISHPAGE_SHOWREADME_TEXT "Show the steps"
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "Open the extension folder"
!define MUI_FINISHPAGE_RUN_FUNCTION OpenExtensionFolder
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Function OpenExtensionFolder
  ExecShell "open" "$INSTDIR\extension"
FunctionEnd

Section "Opt-Out Guard" SecMain
  SectionIn RO
  ; Whether this installer makes %LOCALAPPDATA%\Programs, so its uninstaller removes it only then.
  ${IfNot} ${FileExists} "$LOCALAPPDATA\Programs\*.*"
    StrCpy $9 1
  ${Else}
    StrCpy $9 0
  ${EndIf}
  ReadRegDWORD $8 HKCU "${OPTOUT_UNINSTALL_KEY}" "MadeProgramsFolder"  ; a reinstall keeps the first answer
  ${If} $8 == 1
    StrCpy $9 1
  ${EndIf}
  ; Over an earlier install: its own uninstaller first, so no file of the old version outlives the new
  ; one's list (it keeps the remembered state; _? makes it run in place and wait).
  ${If} ${FileExists} "$INSTDIR\uninstall.exe"
    ExecWait '"$INSTDIR\uninstall.exe" /S _?=$INSTDIR'
    Delete "$INSTDIR\uninstall.exe"
  ${EndIf}
  !insertmacro OPTOUT_INSTALL_FILES
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; The manifests name the host relative to themselves, so they are right in whatever folder this is.
  !insertmacro OPTOUT_WRITE_HOST_KEYS

  ; Apps & features (per user).
  WriteRegStr HKCU "${OPTOUT_UNINSTALL_KEY}" "DisplayName" "${OPTOUT_PRODUCT}"
  WriteRegStr HKCU "${OPTOUT_UNINSTALL_KEY}" "DisplayVersion" "${OPTOUT_VERSION}"
  WriteRegStr HKCU "${OPTOUT_UNINSTALL_KEY}" "Publisher" "Opt-Out Guard maintainers"
  WriteRegStr HKCU "${OPTOUT_UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${OPTOUT_UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\optout-guard-host.exe"
  WriteRegStr HKCU "${OPTOUT_UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${OPTOUT_UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${OPTOUT_UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${OPTOUT_UNINSTALL_KEY}" "NoRepair" 1
  WriteRegDWORD HKCU "${OPTOUT_UNINSTALL_KEY}" "MadeProgramsFolder" $9
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${OPTOUT_UNINSTALL_KEY}" "EstimatedSize" "$0"

  ; The doctor's report goes to the details list (and the log in silent mode).
  nsExec::ExecToLog '"$INSTDIR\optout-guard-host.exe" doctor'
  Pop $0
  DetailPrint "Next: add the extension from $INSTDIR\extension (steps in $\"Add the extension.txt$\")."
SectionEnd

Section "Uninstall"
  ReadRegDWORD $9 HKCU "${OPTOUT_UNINSTALL_KEY}" "MadeProgramsFolder"
  !insertmacro OPTOUT_DELETE_HOST_KEYS
  DeleteRegKey HKCU "${OPTOUT_UNINSTALL_KEY}"
  DeleteRegKey /ifempty HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall"  ; as the keys' parents
  !insertmacro OPTOUT_DELETE_FILES
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  ${If} $9 == 1
    RMDir "$LOCALAPPDATA\Programs"  ; made by the installer; still only if empty
  ${EndIf}

  ; The remembered state (which opt-outs were seen done) is the user's: kept unless asked.
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/FORGET" $1
  ${IfNot} ${Errors}
    StrCpy $1 "yes"
  ${Else}
    StrCpy $1 "no"
    MessageBox MB_YESNO|MB_DEFBUTTON2 "Also forget which LinkedIn opt-outs Opt-Out Guard has seen done?" /SD IDNO IDNO keep_state
    StrCpy $1 "yes"
    keep_state:
  ${EndIf}
  ${If} $1 == "yes"
    Delete "${OPTOUT_STATE_DIR}\state.json"
    Delete "${OPTOUT_STATE_DIR}\state.lock"
    Delete "${OPTOUT_STATE_DIR}\state.json.tmp-*"
    RMDir "${OPTOUT_STATE_DIR}"
  ${EndIf}
SectionEnd
