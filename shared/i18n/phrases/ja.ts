import type { enPhrases } from "./en.ts";

/** サーバーが人に伝える言葉（拒否、お知らせ、API エラー、接続終了の理由）をフレーズコードごとに。Kubernetes の原文は訳さない。 */
export const jaPhrases: Record<keyof typeof enPhrases, string> = {
  "phrase.kubernetes": "{text}",

  "phrase.connectionClosed": "この接続は閉じられています。",
  "phrase.throttled":
    "メッセージが多すぎるため、このメッセージは破棄されました。1 秒に {rate} 件までにしてください。",
  "phrase.seatOverBudget":
    "サーバー時間のあなたの割り当てをいったん使い切りました。今回は何も実行していません。{seconds} 秒後にもう一度試してください。大きなコマンドは絞り込んでください（-n、-l、名前の指定）。",
  "phrase.classOverBudget":
    "このクラスはサーバー時間の割り当てをいったん使い切りました。今回は何も実行していません。{seconds} 秒後にもう一度試してください。",
  "phrase.serverBusy":
    "サーバーはいま他のクラスの処理で混み合っています。今回は何も実行していません。{seconds} 秒後にもう一度試してください。",
  "phrase.unknownMessage": "「{type}」というメッセージはありません。",
  "phrase.notInstructor": "「{type}」を送れるのは先生だけです。",
  "phrase.malformed": "メッセージ {type} の内容が正しくありません：{problem}",
  "phrase.malformedField": "メッセージ {type} の項目 {field} が正しくありません：{problem}",
  "phrase.undecodable":
    "メッセージ {type} を解読できません（msgpack ではありません）。何も実行していません。",
  "phrase.commandNotFinite": "コマンドに有限でない数値が含まれています。",
  "phrase.commandTooBig": "コマンドの数値が大きすぎます。",
  "phrase.commandBinary": "コマンドにバイナリデータは含められません。",
  "phrase.tooLarge": "コマンドが大きすぎます（{bytes} バイト、上限 {max}）。",
  "phrase.teacherPlaysNoSeat":
    "先生は席を担当しません。学生を席に着かせるには seat.assign を使ってください。",
  "phrase.takeSeatFirst": "まず席を選んでください。ロビーにいる間はクラスターを操作できません。",
  "phrase.kubectlNeedsSeat":
    "まず席を選んでください。ロビーからの kubectl はクラスターを読むことはできますが、変更はできません。",
  "phrase.backInLobby": "ロビーに戻りました。",
  "phrase.frozen": "先生がクラスを凍結しました：{message}",
  "phrase.frozenSilently": "先生がクラスを凍結しました。",
  "phrase.serverFailed": "サーバーがこのメッセージの処理に失敗しました。",
  "phrase.simulationFailed": "シミュレーションがこのコマンドの実行に失敗しました。",
  "phrase.sessionEnded": "このセッションは終了しました。",
  "phrase.joinFirst": "まず参加ページからセッションに参加してください。",

  "phrase.alreadyStarted": "セッションはすでに始まっています。",
  "phrase.notStarted": "セッションはまだ始まっていません。",
  "phrase.alreadyPaused": "セッションはすでに一時停止中です。",
  "phrase.alreadyRunning": "セッションはすでに実行中です。",
  "phrase.started": "シミュレーションを開始しました。",
  "phrase.paused": "一時停止しました。",
  "phrase.resumed": "再開しました。",
  "phrase.speedSet": "速度 {speed} 倍。",
  "phrase.locked": "ロックしました。新しく参加することはできません。",
  "phrase.unlocked": "ロックを解除しました。",
  "phrase.frozenForClass": "凍結しました。学生の操作は凍結を解除するまで待たされます。",
  "phrase.notFrozen": "クラスは凍結されていませんでした。",
  "phrase.unfrozen": "凍結を解除しました。",
  "phrase.heartbeatsManual":
    "kubelet のプレイヤーが Node の Lease を手動で更新します。その間、速度は 1× のままです。",
  "phrase.heartbeatsAutomatic": "kubelet が再び自分で Node の Lease を更新します。",
  "phrase.speedHeldByHeartbeats":
    "kubelet のプレイヤーが手動で Lease を更新している間、速度は 1× のままです：ハートビートには実時間が必要です。",
  "phrase.serverOnlyCommand": "{type} はサーバーだけが送れます：ダッシュボードの操作を使ってください。",
  "phrase.pausedMoves":
    "先生がクラスを一時停止しました：再開まで操作は待ちます（クラスターを見ることはできます）。",
  "phrase.leaderboardShown": "ランキングを表示しました。",
  "phrase.leaderboardHidden": "ランキングを非表示にしました。",
  "phrase.hintSent": "接続中の学生 {n} 人にヒントを送りました。",
  "phrase.hintSeatOrPlayer": "ヒント：席か学生のどちらか一方を指定してください（両方は指定できません）。",
  "phrase.noSuchSeat": "「{seat}」という席はありません。",
  "phrase.noSuchSeatOf": "「{seat}」という席はありません。席の一覧：{seats}。",
  "phrase.noSuchPlayer": "「{player}」という学生はいません。",
  "phrase.playerInLobby": "{nickname} さんはロビーに戻りました。",
  "phrase.alreadyRemoved": "{nickname} さんはすでに外されています。",
  "phrase.playerRemoved": "{nickname} さんを外しました。",
  "phrase.playerBanned": "{nickname} さんの参加を禁止しました。",
  "phrase.playerBannedAddress":
    "{nickname} をネットワークアドレスごと参加禁止にしました。このアドレスからは新しく誰も参加できません（すでにこのアドレスから参加している {others} 人はそのままです）。",
  "phrase.playersRemoved": "{n} 人をセッションから外しました。",
  "phrase.playersBanned": "{n} 人をセッションへの参加禁止にしました。",
  "phrase.playerUnbanned": "{nickname} さんの端末は（新しい学生として）再び参加できます。",

  "phrase.alreadyHolding": "すでに {seat} の席に着いています。",
  "phrase.seatsAssigned": "このセッションでは席は先生が割り当てます。",
  "phrase.seatFull": "{seat} の席にはすでに {size} 人の学生がいます。",
  "phrase.nowPlays": "{nickname} さんは {seat} を担当しています。",

  "phrase.sessionLocked": "先生がこのセッションをロックしました。新しく参加することはできません。",
  "phrase.lateJoinClosed": "このセッションは開始済みで、途中参加を受け付けていません。",
  "phrase.sessionFull": "このセッションは満員です（{max} 人）。",
  "phrase.deviceBanned": "先生がこの端末のセッション参加を禁止しました。",
  "phrase.youAreBanned": "先生があなたのセッション参加を禁止しました。",
  "phrase.addressBanned":
    "先生があなたのネットワークアドレスからの新しい参加をこのセッションで禁止しました。",
  "phrase.removedRejoin":
    "先生によってこのセッションから外されました。新しいニックネームで参加し直してください。",
  "phrase.nicknameMissing": "ニックネームを入力してください。",
  "phrase.nicknameShort": "ニックネームは {min} 文字以上にしてください。",
  "phrase.nicknameLong": "ニックネームは {max} 文字以内にしてください。",
  "phrase.nicknameCharacters":
    "文字と数字を使い、区切りには 1 つの空白、ドット、ハイフン、アンダースコア、アポストロフィを使ってください。",
  "phrase.nicknameInvisible": "ニックネームに見えない文字は使えません。",
  "phrase.nicknameMixedScripts":
    "ニックネームの各単語は 1 種類の文字（ラテン文字、ギリシャ文字、キリル文字のどれか）で書いてください。",
  "phrase.nicknameReserved":
    "「{nickname}」は先生とゲームのために予約されています。別のニックネームを選んでください。",
  "phrase.nicknameBlocked": "このニックネームは使えません。別のものを選んでください。",
  "phrase.nicknameTaken":
    "このセッションにはすでに「{nickname}」さんがいます。別のニックネームを選んでください。",

  "phrase.simulationPaused": "シミュレーションでエラーが起きたため一時停止しました。先生が再開できます。",
  "phrase.serverRestarting":
    "サーバーを再起動しています。セッションは一時停止の状態で戻ります。同じコードでもう一度参加してください。",
  "phrase.endedByTeacher": "先生がセッションを終了しました。",
  "phrase.timeUp": "時間切れです。",
  "phrase.endedIdle": "誰も接続していないため、セッションは終了しました。",
  "phrase.serverStopped": "サーバーが停止しました。",
  "phrase.classWon": "クラスの勝ちです。{total} 個の目標をすべて達成しました。",
  "phrase.classLost": "クラスの負けです。{total} 個の目標のうち {met} 個を達成しました。",
  "phrase.sessionOver": "{why}{verdict}",
  "phrase.removedByTeacher": "先生によってこのセッションから外されました。",
  "phrase.openedElsewhere": "別のタブか端末でこのセッションを開いたため、このタブは閉じられました。",

  "phrase.unknownScenario": "組み込みシナリオ「{name}」はありません。あるもの：{known}。",
  "phrase.unknownScenarioFile": "組み込みシナリオのファイル「{file}」はありません。あるもの：{known}。",
  "phrase.invalidScenario": "シナリオにエラーが {n} 件あります。",
  "phrase.scenarioFailed": "シナリオを開始できませんでした：{problem}",
  "phrase.scenarioBusy":
    "サーバーはいま他のシナリオを確認しています。{seconds} 秒後にもう一度試してください。",
  "phrase.scenarioTooSlow":
    "シナリオの読み込みに {seconds} 秒以上かかったため拒否しました。小さくしてください。",
  "phrase.rateLimited":
    "お使いのネットワークからの試行が多すぎます。{seconds} 秒後にもう一度お試しください。",
  "phrase.unknownCode": "このコードのセッションはありません。コードを確認してもう一度お試しください。",
  "phrase.sessionResuming":
    "サーバーが再起動し、このセッションを復元しています。しばらくしてからもう一度お試しください。",
  "phrase.needsInstructorToken": "このセッションの先生用トークンが必要です。",
  "phrase.needsAdminToCreate": "セッションの作成にはサーバーの ADMIN_TOKEN が必要です。",
  "phrase.needsAdminForScenarios": "シナリオの確認とアップロードにはサーバーの ADMIN_TOKEN が必要です。",
  "phrase.needsAdminToImport": "対戦の取り込みにはサーバーの ADMIN_TOKEN が必要です。",
  "phrase.badRequest": "リクエストの内容が正しくありません。",
  "phrase.badRequestBecause": "リクエストが正しくありません：{problem}",
  "phrase.requestTooLarge": "リクエストが大きすぎます。",
  "phrase.noEndpoint": "そのような API エンドポイントはありません。",
  "phrase.internalError": "サーバーがこのリクエストの処理に失敗しました。",
  "phrase.unknownMatch": "「{id}」という対戦はありません。",
  "phrase.matchLive": "この対戦はまだ進行中です。先生用トークンが必要です。",
  "phrase.matchNoRecord": "この対戦には記録がありません。",
  "phrase.invalidMatchFile": "対戦ファイルを読み込めません：{problem}",
  "phrase.unreplayableMatch": "この対戦はリプレイできません：{problem}",
  "phrase.resimulationFailed": "再シミュレーションに失敗しました：{problem}",
  "phrase.debriefFailed": "振り返りを作成できませんでした：{problem}",

  "phrase.network": "サーバーに接続できません。ネットワークを確認してもう一度お試しください。",
  "phrase.httpStatus": "サーバーがエラーを返しました（{status}）。",
  "phrase.requestFailed": "サーバーから応答がありません：{problem}",
};
